// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "coach",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "coach", targets: ["coach"]),
    .library(name: "CoachKit", targets: ["CoachKit"]),
    // For the fuzz targets in Fuzz/, a package of their own, which share FuzzEntry with the tests.
    .library(name: "CoachTestSupport", targets: ["CoachTestSupport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // libedit, through a shim header of non-variadic wrappers.
    .systemLibrary(
      name: "CEditLine",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    // The only module that imports CEditLine: line input on a terminal, plain lines otherwise.
    .target(name: "LineEditing", dependencies: ["CEditLine"]),
    // The engine: scripts, expressions, answers, the conversation state machine, records.
    .target(
      name: "CoachKit",
      dependencies: [
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      plugins: ["EmbedPrompts"]
    ),
    // Turns prompts/*.yaml into Swift source so the shipped dialogs live inside the binary.
    .executableTarget(name: "embed-prompts"),
    .plugin(name: "EmbedPrompts", capability: .buildTool(), dependencies: ["embed-prompts"]),
    // The thin command-line program.
    .executableTarget(
      name: "coach",
      dependencies: [
        "CoachKit",
        "LineEditing",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "CoachTestSupport", dependencies: ["CoachKit"], path: "Tests/CoachTestSupport"),
    // A tiny program that reads lines with LineEditing and prints them, for the editor's pty tests.
    .executableTarget(name: "line-echo", dependencies: ["LineEditing"], path: "Tests/LineEcho"),
    .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "CoachTestSupport"]),
    .testTarget(
      name: "CoachKitTests", dependencies: ["CoachKit", "CoachTestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "CoachCLITests", dependencies: ["CoachKit", "CoachTestSupport"], exclude: ["Snapshots"]),
  ]
)
