import Foundation
import PackagePlugin

/// Embeds the package's `prompts/*.yaml` into the target as Swift source, so the shipped dialogs
/// travel inside the `coach` binary and `coach start one-on-one` works from any directory.
@main
struct EmbedPrompts: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let folder = context.package.directoryURL.appending(path: "prompts")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let files = names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinDialogs.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(files.count) dialogs from prompts/",
        executable: try context.tool(named: "embed-prompts").url,
        arguments: [output.path] + files.map(\.path),
        inputFiles: files,
        outputFiles: [output])
    ]
  }
}
