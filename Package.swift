// swift-tools-version: 6.1
// Linux only: the terminal, signal and file code is written against Glibc.
import PackageDescription

let package = Package(
  name: "coach",
  products: [
    .executable(name: "coach", targets: ["coach"]),
    .library(name: "CoachKit", targets: ["CoachKit"]),
    .library(name: "CoachCLI", targets: ["CoachCLI"]),
    // For the fuzz targets in Fuzz/, a package of their own, which share FuzzEntry with the tests.
    .library(name: "CoachTestSupport", targets: ["CoachTestSupport"]),
    // The team store's client (`coach sync`, `coach org`): a program of its own that `coach` runs
    // for those commands, so that no other command loads PostgreSQL's client.
    .executable(name: "coach-team", targets: ["coach-team"]),
  ],
  traits: [
    // The team store on PostgreSQL (postgres-nio). Without it (`--disable-default-traits`),
    // `coach sync` and `coach org` say that this build has no team store.
    .trait(name: "TeamStore", description: "The team store on PostgreSQL: coach sync, coach org."),
    .default(enabledTraits: ["TeamStore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    // Already among postgres-nio's: SHA-256, HMAC and PBKDF2 for the passwords' SCRAM verifiers.
    .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"5.0.0"),
    // postgres-nio's own: its TLS configuration and its logger, named by the team store.
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.5.3"),
  ],
  targets: [
    // libedit, through a shim header of non-variadic wrappers.
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // The process state that must be C to be async-signal-safe: the signal self-pipe, the exit path.
    .target(name: "CCoachSystem"),
    // How many terminal columns text takes, and word wrapping by it: one width for all.
    .target(name: "TextLayout"),
    // The only module that imports CEditLine: line input on a terminal, plain lines otherwise.
    .target(name: "LineEditing", dependencies: ["CEditLine", "CCoachSystem", "TextLayout"]),
    // The engine: scripts, expressions, answers, the conversation state machine, records.
    .target(
      name: "CoachKit",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      plugins: ["EmbedPrompts"]
    ),
    // Turns prompts/*.yaml into Swift source so the shipped dialogs live inside the binary.
    .executableTarget(name: "embed-prompts"),
    .plugin(name: "EmbedPrompts", capability: .buildTool(), dependencies: ["embed-prompts"]),
    // The command line: commands, the session driver and its renderers, the home.
    .target(
      name: "CoachCLI",
      dependencies: [
        "CoachKit",
        "LineEditing",
        "TextLayout",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The program: a few lines over CoachCLI.
    .executableTarget(name: "coach", dependencies: ["CoachCLI"]),
    // Turns the team store's migrations (Sources/CoachTeamStore/Migrations/*.sql) into Swift source.
    .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["embed-prompts"]),
    // The team store: the only module that imports PostgresNIO. Schema (numbered migrations),
    // roles and row-level security, sync, the org's queries.
    .target(
      name: "CoachTeamStore",
      dependencies: [
        "CoachKit",
        .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["TeamStore"])),
        .product(name: "Crypto", package: "swift-crypto", condition: .when(traits: ["TeamStore"])),
        .product(name: "_CryptoExtras", package: "swift-crypto", condition: .when(traits: ["TeamStore"])),
        .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["TeamStore"])),
        .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["TeamStore"])),
        .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["TeamStore"])),
        .product(name: "Logging", package: "swift-log", condition: .when(traits: ["TeamStore"])),
      ],
      exclude: ["Migrations"],
      plugins: ["EmbedMigrations"]
    ),
    // `coach sync` and `coach org`, which `coach` hands over to: the commands over CoachTeamStore.
    .target(
      name: "CoachTeamCLI",
      dependencies: [
        "CoachKit", "CoachCLI", "CoachTeamStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "coach-team", dependencies: ["CoachTeamCLI"]),
    .target(
      name: "CoachTestSupport", dependencies: ["CoachKit", "TextLayout"], path: "Tests/CoachTestSupport"),
    // The org views' query, timed by scripts/bench (bench/team.py).
    .executableTarget(
      name: "team-query-bench", dependencies: ["CoachTeamStore"], path: "Tests/TeamQueryBench"),
    // A tiny program that reads lines with LineEditing and prints them, for the editor's pty tests.
    .executableTarget(name: "line-echo", dependencies: ["LineEditing"], path: "Tests/LineEcho"),
    .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "CoachTestSupport"]),
    .testTarget(
      name: "CoachKitTests", dependencies: ["CoachKit", "CoachCLI", "CoachTestSupport"], exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "CoachCLITests", dependencies: ["CoachKit", "CoachCLI", "CoachTestSupport", "TextLayout"],
      exclude: ["Snapshots"]),
    // Against a real PostgreSQL server: scripts/test starts a throwaway cluster (scripts/pg-cluster)
    // and names it in COACH_TEST_PG; without it these tests are skipped.
    .testTarget(
      name: "CoachTeamStoreTests",
      dependencies: [
        "CoachKit", "CoachTeamStore", "CoachTestSupport",
        .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["TeamStore"])),
      ]),
  ]
)
