import Foundation

/// Writes to standard error and output with `write(2)`, ignoring failures: Foundation's
/// `FileHandle.write` traps when the stream cannot be written (`2>/dev/full`, a closed pipe), and a
/// diagnostic that cannot be shown must not turn an exit status into a crash.
enum StandardStream {
    static func error(_ data: Data) { write(2, data) }
    static func output(_ data: Data) { write(1, data) }

    private static func write(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard var base = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let n = Foundation.write(fd, base, left)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                base += n
                left -= n
            }
        }
    }
}
