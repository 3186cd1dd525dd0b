import Foundation
import TrustPressCore

/// One build at a time into the serve folder; a change during a build triggers one more (the
/// change stream holds at most one pending element).
struct Rebuilder: Sendable {
    /// Builder options for one build (the build date is read anew for each build).
    let options: @Sendable () throws -> Builder.Options
    let state: BuildState
    let report: @Sendable (PreviewServer.BuildReport) -> Void

    /// One build per burst of changes until `changes` ends or the task is cancelled.
    func run(changes: AsyncStream<Void>) async {
        for await _ in changes {
            if Task.isCancelled { return }
            await rebuild()
        }
    }

    /// Builds once.
    /// - Returns: the theme folder the build used (`--templates`, or `theme:` in site.yaml), nil when
    ///   it used the built-in theme alone or failed.
    @discardableResult
    func rebuild() async -> URL? {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try await Builder(options: try options()).build()
            await state.succeeded(bundleID: result.bundleID)
            report(.init(duration: clock.now - start, diagnostics: result.diagnostics, succeeded: true))
            return result.themeFolder
        } catch let error as DiagnosticsError {
            await state.failed(error.diagnostics)
            report(.init(duration: clock.now - start, diagnostics: error.diagnostics, succeeded: false))
            return nil
        } catch {
            // Not a content problem (an unwritable build folder, a bad date): shown like one, so the
            // browser still says why there is no new page.
            let diagnostic = Diagnostic(path: "trustpress serve", message: "\(error)")
            await state.failed([diagnostic])
            report(.init(duration: clock.now - start, diagnostics: [diagnostic], succeeded: false))
            return nil
        }
    }
}
