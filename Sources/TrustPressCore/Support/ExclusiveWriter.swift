import Foundation

/// Why a command that writes files into a folder (`init`, `theme export`) refuses; nothing has
/// been written when one is thrown.
public struct WriteRefusal: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let notes: [String]
    public init(message: String, notes: [String]) {
        self.message = message
        self.notes = notes
    }
    /// `error: message`, then one `note:` line each.
    public var description: String { (["error: " + message] + notes.map { "note: " + $0 }).joined(separator: "\n") }
}

/// Writes files into a folder all or nothing, never overwriting a file and never following a
/// symbolic link: shared by `trustpress init` and `trustpress theme export`.
public enum ExclusiveWriter {
    /// One reason the write cannot go ahead, at `path` (the path as the user would type it).
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let message: String
    }

    /// Every problem that would stop writing `paths` (relative to `folder`), found before anything
    /// is written: the folder or any folder on the way being a symbolic link or a file, a target that
    /// exists (a link, even a dangling one, counts as existing). Each path is named once.
    /// - Parameter display: the folder as the user named it, for messages.
    public static func problems(writing paths: [String], into folder: URL, display: String) -> [Problem] {
        var info = stat()
        var problems: [Problem] = []
        var reported = Set<String>()
        func report(_ path: String, _ message: String) {
            if reported.insert(path).inserted { problems.append(Problem(path: path, message: message)) }
        }
        if lstat(folder.path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                return [Problem(path: display, message: "this is a symbolic link; refusing to write through it")]
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { return [Problem(path: display, message: "this exists and is not a folder")] }
        } else {
            return []  // nothing exists below a missing folder
        }
        let root = folder.standardizedFileURL
        for relative in paths {
            var url = root, shown = display
            let components = relative.split(separator: "/").map(String.init)
            for (i, component) in components.enumerated() {
                url.appendPathComponent(component)
                shown += "/" + component
                guard lstat(url.path, &info) == 0 else { break }  // missing: everything below is too
                let kind = info.st_mode & S_IFMT
                if i == components.count - 1 {
                    report(shown, kind == S_IFLNK ? "a symbolic link is in the way; refusing to write through it or replace it"
                           : kind == S_IFDIR ? "a folder is in the way of this file" : "the file exists; refusing to overwrite it")
                } else if kind == S_IFLNK {
                    report(shown, "this folder is a symbolic link; refusing to write through it")
                    break
                } else if kind != S_IFDIR {
                    report(shown, "a file is in the way of a folder")
                    break
                }
            }
        }
        return problems
    }

    /// Writes every file (path relative to `folder`) into `folder`, creating it and the folders on
    /// the way when missing. Each file is created exclusively (`O_EXCL`, `O_NOFOLLOW`) and each folder
    /// is created or found to be a real folder, so nothing is overwritten or written through a link,
    /// even by one that appears meanwhile; on any failure every file and folder written so far is
    /// removed and a `WriteRefusal` naming the path is thrown.
    /// - Parameters:
    ///   - display: the folder as the user named it, for messages.
    ///   - command: e.g. "trustpress init", for the note of a refusal.
    /// - Returns: the paths written, in the order given.
    public static func write(_ files: [(path: String, contents: Data)], into folder: URL, display: String,
                             command: String) throws -> [String] {
        var info = stat()
        var created: [String] = []  // absolute paths, files and folders, in creation order
        func refuse(_ message: String, note: String = "nothing was written") -> WriteRefusal {
            for path in created.reversed() { _ = unlink(path) == 0 || rmdir(path) == 0 }
            return WriteRefusal(message: message, notes: [note])
        }
        if lstat(folder.path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                throw WriteRefusal(message: "\(display) is a symbolic link; refusing to write through it",
                                   notes: ["name the folder it points to instead"])
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw WriteRefusal(message: "\(display) exists and is not a folder", notes: ["name a new or empty folder"])
            }
        } else {
            // Create the missing folders one by one, so a failure removes exactly those.
            var missing: [URL] = []
            var cursor = folder.standardizedFileURL
            while lstat(cursor.path, &info) != 0 {
                missing.insert(cursor, at: 0)
                let parent = cursor.deletingLastPathComponent()
                if parent.path == cursor.path { break }
                cursor = parent
            }
            for url in missing {
                guard mkdir(url.path, 0o755) == 0 else {
                    let reason = String(cString: strerror(errno))
                    throw refuse("cannot create \(display): \(reason)")
                }
                created.append(url.path)
            }
        }
        let root = folder.standardizedFileURL
        var written: [String] = []
        for file in files {
            var folderURL = root, shown = display
            for component in file.path.split(separator: "/").dropLast() {
                folderURL.appendPathComponent(String(component))
                shown += "/" + component
                if lstat(folderURL.path, &info) == 0 {
                    if info.st_mode & S_IFMT == S_IFDIR { continue }
                    throw refuse("\(shown): a file or link is in the way of a folder")
                }
                guard mkdir(folderURL.path, 0o755) == 0 else {
                    let reason = String(cString: strerror(errno))
                    throw refuse("cannot create \(shown): \(reason)")
                }
                created.append(folderURL.path)
            }
            let path = root.appendingPathComponent(file.path).path
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                throw refuse("cannot create \(display)/\(file.path): \(reason)", note: "nothing was written; \(command) never overwrites a file")
            }
            created.append(path)
            let bytes = [UInt8](file.contents)
            var offset = 0, failure: String?
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { failure = n < 0 ? String(cString: strerror(errno)) : nil; break }
                offset += n
            }
            let closed = close(fd) == 0
            guard offset == bytes.count, closed else {
                throw refuse("cannot write \(display)/\(file.path)" + (failure.map { ": " + $0 } ?? ""))
            }
            written.append(file.path)
        }
        return written
    }
}
