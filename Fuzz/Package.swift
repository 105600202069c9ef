// swift-tools-version: 6.0
import PackageDescription

// The fuzz targets, a package of their own so that the sanitizer flags never touch coach's own
// build. Built and run by scripts/fuzz (see its --help); each target feeds libFuzzer's inputs to
// one entry of FuzzEntry (Tests/CoachTestSupport/FuzzEntry.swift), as FuzzRegressionTests does.
let targets = ["fuzz-script", "fuzz-record", "fuzz-answers", "fuzz-expression"]

let package = Package(
  name: "coach-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "coach", path: "..")],
  targets: [
    .target(name: "FuzzerDriver")
  ]
    + targets.map { name in
      .executableTarget(
        name: name,
        dependencies: [
          "FuzzerDriver",
          .product(name: "CoachKit", package: "coach"),
          .product(name: "CoachTestSupport", package: "coach"),
        ])
    }
)
