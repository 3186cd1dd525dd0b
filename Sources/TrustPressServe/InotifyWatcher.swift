#if os(Linux)
import Foundation
import Glibc

/// Linux's inotify: one watch per directory, added again for every directory after each burst, so
/// folders created (or moved in) later are watched too.
///
/// Events are not decoded: every event in the mask is a change worth a rebuild, and the tree is
/// small enough to rescan for new folders.
final class InotifyWatcher: @unchecked Sendable {
    private let fd: Int32
    private let roots: [URL]
    private static let mask = UInt32(IN_MODIFY) | UInt32(IN_ATTRIB) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_FROM)
        | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

    /// Nil when inotify is unavailable or a root cannot be watched (the caller then polls).
    init?(roots: [URL]) {
        let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.roots = roots
        for root in roots where inotify_add_watch(fd, root.path, Self.mask) < 0 {
            close(fd)
            return nil
        }
        addWatches()
    }

    private func addWatches() {
        for root in roots {
            for directory in ChangeWatcher.directories(below: root) {
                _ = inotify_add_watch(fd, directory, Self.mask)  // the same watch again when already watched
            }
        }
    }

    /// Reads events until `stop` is set; calls `changed` once per burst.
    func run(until stop: StopFlag, changed: () -> Void) {
        defer { close(fd) }
        let quietMilliseconds = Int32(ChangeWatcher.debounce.components.attoseconds / 1_000_000_000_000_000)
        while !stop.isSet {
            guard waitReadable(milliseconds: 200) else { continue }
            drain()
            while waitReadable(milliseconds: quietMilliseconds) { drain() }
            addWatches()
            changed()
        }
    }

    private func waitReadable(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
#endif
