import Foundation

/// Reports that something changed below the watched folders, one element per burst of changes.
///
/// An editor's save is several events (write, rename, attribute change) and `git checkout` is many;
/// they are coalesced with a short debounce so that one save is one rebuild. The stream buffers at
/// most one pending change: a change during a rebuild triggers exactly one more.
public enum ChangeWatcher {
    /// How changes are noticed.
    public enum Mode: String, Sendable {
        /// inotify where available (Linux), else polling.
        case automatic
        /// Modification times, sizes and inodes compared on a timer: works on every system and file system.
        case polling
    }

    /// Quiet time that ends a burst of changes.
    static let debounce: Duration = .milliseconds(50)

    /// Changes below `roots` (each watched recursively, new folders included).
    public static func changes(of roots: [URL], mode: Mode = .automatic) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        // A folder that does not exist (an optional override folder) has nothing to watch; it must
        // not push the others onto polling.
        let roots = roots.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        #if os(Linux)
        if mode == .automatic, let inotify = InotifyWatcher(roots: roots) {
            Thread.detachNewThread { inotify.run(until: stop) { continuation.yield() } }
            return stream
        }
        #endif
        let poller = PollingWatcher(roots: roots)
        Thread.detachNewThread { poller.run(until: stop) { continuation.yield() } }
        return stream
    }

    /// The directories below `root`, `root` first; symbolic links are not followed.
    static func directories(below root: URL) -> [String] {
        var result = [root.path]
        let keys: [URLResourceKey] = [.isDirectoryKey, .isSymbolicLinkKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return result }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isDirectory == true && values?.isSymbolicLink != true { result.append(url.path) }
        }
        return result
    }
}

/// Set once when the stream's consumer goes away; read by the watcher's thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    func set() { lock.lock(); stopped = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
}
