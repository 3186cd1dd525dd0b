import Foundation
import PackagePlugin

/// Compiles the default theme (`Templates/`) and the framework catalogs
/// (`Sources/TrustPressCore/Resources/Catalogs/`) into TrustPressCore as generated Swift source, so
/// the binary needs no resource folder beside it and the embedded copy is regenerated from the
/// files on every build (it cannot drift from them).
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = [
            ("theme", root.appending(path: "Templates")),
            ("catalogs", root.appending(path: "Sources/TrustPressCore/Resources/Catalogs")),
        ]
        var inputs: [URL] = []
        for (_, folder) in folders {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where !url.lastPathComponent.hasPrefix(".") {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true { inputs.append(url) }
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded.swift")
        return [.buildCommand(
            displayName: "Embedding the default theme and the catalogs",
            executable: try context.tool(named: "EmbedFiles").url,
            arguments: [output.path] + folders.map { "\($0.0)=\($0.1.path)" },
            inputFiles: inputs.sorted { $0.path < $1.path } + folders.map(\.1),
            outputFiles: [output])]
    }
}
