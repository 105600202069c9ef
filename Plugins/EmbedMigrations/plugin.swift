import Foundation
import PackagePlugin

/// Embeds the team store's migrations (`Sources/CoachTeamStore/Migrations/NNNN-name.sql`) into
/// the target as Swift source, so that `coach org init` carries its schema inside the program.
@main
struct EmbedMigrations: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let folder = target.directoryURL.appending(path: "Migrations")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let files = names.filter { $0.hasSuffix(".sql") }.sorted().map { folder.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinMigrations.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(files.count) migrations from \(target.name)/Migrations",
        executable: try context.tool(named: "embed-prompts").url,
        arguments: ["--enum", "BuiltinMigrations", output.path] + files.map(\.path),
        inputFiles: files,
        outputFiles: [output])
    ]
  }
}
