-- The team store's first schema (docs/team-store.md).
--
-- Run by `coach org init` in one transaction, as the role coach_owner (which owns everything
-- here), after the runner has made the roles coach_owner and coach_member and the schema coach.
-- Every person's login role is made a member of coach_member by `coach org add-user`; a person
-- is known by their login (`session_user`). Row-level security is enabled and forced on every
-- table: what a role may read and write is said by the policies beside each table, the owner
-- included.

-- Facts about this store: its id (so that a laptop can tell one store from another).
CREATE TABLE coach.info (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO coach.info (key, value) VALUES ('store_id', gen_random_uuid()::text);
ALTER TABLE coach.info ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.info FORCE ROW LEVEL SECURITY;
CREATE POLICY info_owner ON coach.info TO coach_owner USING (true) WITH CHECK (true);
CREATE POLICY info_read ON coach.info FOR SELECT TO coach_member USING (true);

-- The migrations already run (the runner made this table; it gets its policies here).
ALTER TABLE coach.migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.migrations FORCE ROW LEVEL SECURITY;
CREATE POLICY migrations_owner ON coach.migrations TO coach_owner USING (true) WITH CHECK (true);

-- The reporting tree: one row a person, by their PostgreSQL login.
CREATE TABLE coach.people (
  login text PRIMARY KEY,
  name text NOT NULL CHECK (name <> ''),
  -- The name as compared (PeopleBook.key: no case, accents or repeated spaces), which sessions
  -- held with the person carry as with_key.
  name_key text NOT NULL UNIQUE CHECK (name_key <> ''),
  reports_to text REFERENCES coach.people (login),
  added_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reports_to IS DISTINCT FROM login)
);
CREATE INDEX people_reports_to ON coach.people (reports_to);

-- The logins whose sessions the current login may read: itself and everyone below it in the
-- tree, however deep. SECURITY DEFINER, so that it reads the whole tree (coach_owner's policy
-- on people) while a member reads only their part; it takes no argument, so that nobody can ask
-- for someone else's tree.
CREATE FUNCTION coach.visible_logins() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  WITH RECURSIVE tree (login) AS (
    SELECT p.login FROM coach.people p WHERE p.login = session_user::text
    UNION
    SELECT p.login FROM coach.people p JOIN tree t ON p.reports_to = t.login
  )
  SELECT login FROM tree
$$;

-- The current login's name as compared (sessions held with them carry it as with_key).
CREATE FUNCTION coach.own_name_key() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
  SELECT p.name_key FROM coach.people p WHERE p.login = session_user::text
$$;

REVOKE ALL ON FUNCTION coach.visible_logins() FROM PUBLIC;
REVOKE ALL ON FUNCTION coach.own_name_key() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coach.visible_logins() TO coach_member;
GRANT EXECUTE ON FUNCTION coach.own_name_key() TO coach_member;

ALTER TABLE coach.people ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.people FORCE ROW LEVEL SECURITY;
-- The owner (and the administrators who are its members) manage the tree; the functions above
-- read it through this policy.
CREATE POLICY people_owner ON coach.people TO coach_owner USING (true) WITH CHECK (true);
-- A person reads their own row and those of everyone below them.
CREATE POLICY people_read ON coach.people FOR SELECT TO coach_member
  USING (login IN (SELECT coach.visible_logins()));

-- Makes (or updates) a person's login role, a member of coach_member. The password is given as
-- a SCRAM-SHA-256 verifier made on the administrator's laptop, so that no password in clear
-- reaches the server or its logs. Names are quoted by format(): nothing is pasted into SQL.
-- Runs as the administrator who calls it (CREATEROLE is theirs, not coach_owner's).
CREATE FUNCTION coach.make_login(login text, verifier text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  created boolean := false;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', login);
    created := true;
  END IF;
  IF verifier IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
  END IF;
  EXECUTE format('GRANT coach_member TO %I', login);
  RETURN created;
END
$$;
REVOKE ALL ON FUNCTION coach.make_login(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coach.make_login(text, text) TO coach_owner;

-- A number that grows with every write of a session or a team file, so that a laptop can tell
-- what changed since it last pulled.
CREATE SEQUENCE coach.revision;
GRANT USAGE ON SEQUENCE coach.revision TO coach_member;

-- Sets a row's revision and push time on every write: not the client's to choose.
CREATE FUNCTION coach.stamp_revision() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  NEW.revision := nextval('coach.revision');
  NEW.pushed_at := now();
  RETURN NEW;
END
$$;

-- One row a synced session: its header and its folded shared record (the summary the org's
-- views read), whose owner is the login that pushed it from the laptop (`machine`) it was
-- recorded on.
CREATE TABLE coach.sessions (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  owner text NOT NULL DEFAULT session_user,
  machine text NOT NULL,
  dialog_id text NOT NULL,
  dialog_version integer NOT NULL,
  with_name text,
  with_key text,
  by_name text,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  updated_at timestamptz NOT NULL,
  -- The record's first line, as JSON.
  header text NOT NULL,
  -- The folded record in its shared form (no private notes), without its transcript.
  summary jsonb NOT NULL,
  open_actions integer NOT NULL,
  -- How many shared events are in coach.events, and the SHA-256 of their lines (each with its
  -- newline): a laptop checks it before appending, so that a changed record is sent anew.
  event_count integer NOT NULL,
  events_sha256 text NOT NULL,
  revision bigint NOT NULL,
  pushed_at timestamptz NOT NULL,
  UNIQUE (id, owner)
);
CREATE INDEX sessions_owner ON coach.sessions (owner, machine);
CREATE INDEX sessions_with_key ON coach.sessions (with_key);
-- The org views' rows (TeamQuery.rituals: per owner, person and dialog, the count, the first and
-- last session and the last one's answers) are read in this index's order: no sort of the whole
-- table, and only its columns (row-level security asks only owner and with_key, which are here).
CREATE INDEX sessions_rituals ON coach.sessions (owner, with_key, dialog_id, started_at DESC, id DESC);
CREATE TRIGGER sessions_revision BEFORE INSERT OR UPDATE ON coach.sessions
  FOR EACH ROW EXECUTE FUNCTION coach.stamp_revision();

ALTER TABLE coach.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.sessions FORCE ROW LEVEL SECURITY;
-- Read: the sessions you ran, those run by anyone below you in the tree, those held with you.
CREATE POLICY sessions_read ON coach.sessions FOR SELECT TO coach_member
  USING (
    owner = session_user::text
    OR owner IN (SELECT coach.visible_logins())
    OR with_key = (SELECT coach.own_name_key())
  );
-- Write: only your own rows.
CREATE POLICY sessions_insert ON coach.sessions FOR INSERT TO coach_member
  WITH CHECK (owner = session_user::text);
CREATE POLICY sessions_update ON coach.sessions FOR UPDATE TO coach_member
  USING (owner = session_user::text) WITH CHECK (owner = session_user::text);
CREATE POLICY sessions_delete ON coach.sessions FOR DELETE TO coach_member
  USING (owner = session_user::text);

-- The shared events of each session (private notes are never among them), in runs: one row for
-- the events one sync appended, keyed by session and the sequence number of the run's first
-- event (1, 2, ...: the order of the shared events in the record). A run holds `count` events,
-- their lines each ended by a newline: a session's events are its runs' bodies in order. (A row
-- an event cost a first sync of 10,000 sessions half a million rows, each with its key, its
-- reference to the session and its policy checked.)
CREATE TABLE coach.events (
  session_id text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  count integer NOT NULL CHECK (count >= 1),
  owner text NOT NULL DEFAULT session_user,
  -- The events' lines, as JSON, each followed by a newline.
  body text NOT NULL,
  PRIMARY KEY (session_id, seq),
  FOREIGN KEY (session_id, owner) REFERENCES coach.sessions (id, owner) ON DELETE CASCADE
);

ALTER TABLE coach.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.events FORCE ROW LEVEL SECURITY;
-- Read: the events of the sessions you may read (the sessions table's own policy decides).
CREATE POLICY events_read ON coach.events FOR SELECT TO coach_member
  USING (EXISTS (SELECT 1 FROM coach.sessions s WHERE s.id = events.session_id));
CREATE POLICY events_insert ON coach.events FOR INSERT TO coach_member
  WITH CHECK (owner = session_user::text);
CREATE POLICY events_update ON coach.events FOR UPDATE TO coach_member
  USING (owner = session_user::text) WITH CHECK (owner = session_user::text);
CREATE POLICY events_delete ON coach.events FOR DELETE TO coach_member
  USING (owner = session_user::text);

-- Each person's team file (<store>/team.yaml), as text.
CREATE TABLE coach.team_files (
  owner text PRIMARY KEY DEFAULT session_user,
  body text NOT NULL,
  sha256 text NOT NULL,
  revision bigint NOT NULL,
  pushed_at timestamptz NOT NULL
);
CREATE TRIGGER team_files_revision BEFORE INSERT OR UPDATE ON coach.team_files
  FOR EACH ROW EXECUTE FUNCTION coach.stamp_revision();

ALTER TABLE coach.team_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE coach.team_files FORCE ROW LEVEL SECURITY;
CREATE POLICY team_files_read ON coach.team_files FOR SELECT TO coach_member
  USING (owner = session_user::text OR owner IN (SELECT coach.visible_logins()));
CREATE POLICY team_files_insert ON coach.team_files FOR INSERT TO coach_member
  WITH CHECK (owner = session_user::text);
CREATE POLICY team_files_update ON coach.team_files FOR UPDATE TO coach_member
  USING (owner = session_user::text) WITH CHECK (owner = session_user::text);
CREATE POLICY team_files_delete ON coach.team_files FOR DELETE TO coach_member
  USING (owner = session_user::text);

-- What a member may do at all (the policies above then narrow it to rows). A role that is not a
-- member has no privilege here: it cannot even look into the schema.
GRANT USAGE ON SCHEMA coach TO coach_member;
GRANT SELECT ON coach.info, coach.people TO coach_member;
GRANT SELECT, INSERT, DELETE ON coach.sessions, coach.events, coach.team_files TO coach_member;
GRANT UPDATE (
  machine, dialog_id, dialog_version, with_name, with_key, by_name, status, started_at, ended_at,
  updated_at, header, summary, open_actions, event_count, events_sha256
) ON coach.sessions TO coach_member;
GRANT UPDATE (body) ON coach.events TO coach_member;
GRANT UPDATE (body, sha256) ON coach.team_files TO coach_member;
