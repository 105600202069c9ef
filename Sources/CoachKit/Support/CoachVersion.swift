/// The version of coach, written into every record's header.
public let coachVersion = "0.1.0"
