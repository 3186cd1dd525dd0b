import Dispatch
import Foundation

/// Work spread over every core, with results in input order, so output never depends on
/// scheduling or the number of threads.
enum Parallel {
    /// TRUSTPRESS_THREADS=1 renders serially (to compare outputs, or to debug); otherwise every core.
    static let serial = ProcessInfo.processInfo.environment["TRUSTPRESS_THREADS"] == "1"

    /// `transform` applied to each element, concurrently; the result array is in input order.
    static func map<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        guard items.count > 1, !serial else { return items.map(transform) }
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer.baseAddress!
            // Each iteration reads the shared input and writes only its own slot; the callers'
            // transforms read immutable state (contexts, templates, the model).
            nonisolated(unsafe) let out = slots
            nonisolated(unsafe) let input = items
            nonisolated(unsafe) let work = transform
            DispatchQueue.concurrentPerform(iterations: input.count) { i in
                out[i] = work(input[i])
            }
        }
        return results.map { $0! }
    }
}
