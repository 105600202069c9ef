// swift-tools-version: 6.0
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
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
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
    .target(
      name: "CoachTestSupport", dependencies: ["CoachKit", "TextLayout"], path: "Tests/CoachTestSupport"),
    // A tiny program that reads lines with LineEditing and prints them, for the editor's pty tests.
    .executableTarget(name: "line-echo", dependencies: ["LineEditing"], path: "Tests/LineEcho"),
    .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "CoachTestSupport"]),
    .testTarget(
      name: "CoachKitTests", dependencies: ["CoachKit", "CoachCLI", "CoachTestSupport"], exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "CoachCLITests", dependencies: ["CoachKit", "CoachCLI", "CoachTestSupport", "TextLayout"],
      exclude: ["Snapshots"]),
  ]
)
