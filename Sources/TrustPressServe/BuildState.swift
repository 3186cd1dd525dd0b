import Foundation
import TrustPressCore

/// What the server knows about the builds: which one is current, whether the last one failed, and
/// who is listening for the next.
///
/// The files of the last good build stay in the build folder (a failed build writes nothing), so a
/// failure only changes what HTML pages show, never which files exist.
actor BuildState {
    /// One finished rebuild, as told to the browser.
    struct Event: Sendable, Equatable {
        /// Changes with every rebuild, failed ones included; unique to this server run, so a page
        /// served by an earlier run reloads too.
        var generation: String
        var succeeded: Bool
    }

    /// What a request sees.
    struct Snapshot: Sendable {
        var generation: String
        /// The bundle folder of the last good build; nil before the first good build.
        var bundleID: String?
        /// Nil when the last rebuild succeeded.
        var failure: [Diagnostic]?
        /// True once any build has succeeded (there are files to serve).
        var hasGoodBuild: Bool { bundleID != nil }
    }

    private let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private var count = 0
    private var bundleID: String?
    private var failure: [Diagnostic]?
    /// Each open event stream; nil elements are keep-alives.
    private var listeners: [UUID: AsyncStream<Event?>.Continuation] = [:]
    private var closed = false

    var snapshot: Snapshot { Snapshot(generation: generation, bundleID: bundleID, failure: failure) }
    private var generation: String { "\(runID)-\(count)" }
    private var event: Event { Event(generation: generation, succeeded: failure == nil) }

    func succeeded(bundleID: String) {
        self.bundleID = bundleID
        failure = nil
        finishRebuild()
    }

    func failed(_ diagnostics: [Diagnostic]) {
        failure = diagnostics
        finishRebuild()
    }

    private func finishRebuild() {
        count += 1
        for listener in listeners.values { listener.yield(event) }
    }

    /// The current state first, then one event per rebuild; ends when the server stops.
    func events() -> AsyncStream<Event?> {
        let (stream, continuation) = AsyncStream<Event?>.makeStream(bufferingPolicy: .bufferingNewest(4))
        continuation.yield(event)
        guard !closed else {
            continuation.finish()
            return stream
        }
        let id = UUID()
        listeners[id] = continuation
        continuation.onTermination = { _ in Task { await self.removeListener(id) } }
        return stream
    }

    private func removeListener(_ id: UUID) { listeners[id] = nil }

    /// A keep-alive for every open stream: writing it is how a closed browser tab is noticed and its
    /// stream dropped, and it keeps idle connections from timing out in between.
    func ping() {
        for listener in listeners.values { listener.yield(nil) }
    }

    /// Ends every event stream (the server is stopping: open streams would hold it up).
    func close() {
        closed = true
        for listener in listeners.values { listener.finish() }
        listeners = [:]
    }
}
