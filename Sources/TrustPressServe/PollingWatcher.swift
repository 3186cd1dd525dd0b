import Foundation

/// The portable fallback: compares every entry's modification time, size and inode four times a second.
final class PollingWatcher: @unchecked Sendable {
    private let roots: [URL]
    /// Taken when the watcher is made, not when its thread starts: a change made after `init`
    /// returns is always seen, however late the thread runs.
    private var first: [String: Entry] = [:]
    private static let interval: TimeInterval = 0.25

    init(roots: [URL]) {
        self.roots = roots
        first = snapshot()
    }

    /// Polls until `stop` is set; calls `changed` once per burst (a burst ends after one unchanged poll).
    func run(until stop: StopFlag, changed: () -> Void) {
        var last = first
        var pending = false
        while !stop.isSet {
            Thread.sleep(forTimeInterval: Self.interval)
            let now = snapshot()
            if now != last {
                pending = true
                last = now
            } else if pending {
                pending = false
                changed()
            }
        }
    }

    private struct Entry: Equatable {
        var modified: Date?
        var size: Int?
        var inode: Int?
    }

    private func snapshot() -> [String: Entry] {
        var result: [String: Entry] = [:]
        let fm = FileManager.default
        for root in roots {
            guard let walker = fm.enumerator(atPath: root.path) else { continue }
            result[root.path] = entry(root.path)
            while let relative = walker.nextObject() as? String {
                let path = root.appendingPathComponent(relative).path
                result[path] = entry(path)
            }
        }
        return result
    }

    private func entry(_ path: String) -> Entry {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return Entry(modified: attributes?[.modificationDate] as? Date,
                     size: (attributes?[.size] as? NSNumber)?.intValue,
                     inode: (attributes?[.systemFileNumber] as? NSNumber)?.intValue)
    }
}
