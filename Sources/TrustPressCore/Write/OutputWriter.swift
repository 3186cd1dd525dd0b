import CRenameExchange
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
/// `write(2)`, named so it cannot be mistaken for `OutputWriter.write`.
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Write stage: puts the rendered trees in place without ever leaving a partial site.
///
/// Layout: `<output>/public/` (the site to deploy) and `<output>/confidential/<bundle id>/` (never
/// deployed). Each tree is written into a staging folder inside the output folder, then swapped in
/// with one atomic exchange (`renameat2(RENAME_EXCHANGE)` on Linux); a failed build leaves the
/// previous output as it was, and a killed one leaves `public/` either old and complete or new and
/// complete. Where the system or file system cannot exchange, the fallback is two renames (old tree
/// aside into the staging folder, new tree in); a kill between them leaves the old tree in the
/// staging folder, and the next build puts it back before anything else.
///
/// The output folder carries a marker file, and a non-empty folder without it is refused unless
/// forced, so TrustPress never deletes what it did not create. Even forced, it replaces only
/// `public/`, the one bundle folder it is building, and its own staging folders (recognised by the
/// marker inside each). No symbolic link inside the output folder is ever followed: any one is an
/// error before anything is written.
///
/// The files beside the bundle folder (`BundleSidecarKind`: with `--archive` `confidential/<bundle
/// id>.zip`, with `--pdf` `.pdf`, with `--encrypt` `.locked.html`), each with its checksum
/// `<file>.sha256`, follow the same rules: written into the staging folder, then each swapped in with
/// one atomic exchange (where the system cannot exchange, the old file is kept by a second link and
/// replaced in one rename, so neither is ever missing or half-written), the checksum first, so that
/// TrustPress's file never stands without it, and put back with the trees when a later step fails. A
/// kill between the two swaps can leave the new checksum beside the old file; the next build puts the
/// file's own back. Such a file is TrustPress's when the checksum file beside it is one TrustPress
/// writes; any other is replaced only with `force`. A build that does not ask for one removes
/// TrustPress's file and checksum of that kind for the bundle it rebuilds, so none describes a folder
/// that was replaced; it never touches another's.
public struct OutputWriter {
    public static let markerName = ".trustpress-output"
    /// The marker's text. `layout: 2` (staging folders marked inside) tells it from the marker of
    /// earlier versions, whose unmarked `.staging-<pid>` folders are recovered once, then never again.
    static let markerText = "This folder is written by TrustPress; its trees are replaced on every build.\nlayout: 2\n"
    /// The lock file inside the output folder (see `OutputLock`).
    public static let lockName = ".trustpress-lock"
    /// Staging folders are named `.staging-<pid>-<random>`.
    static let stagingPrefix = ".staging-"
    /// The file inside a staging folder that makes it TrustPress's: `bundle: <bundle id>`.
    static let stagingMarkerName = ".trustpress-staging"
    /// Next to a staged tree (`public`, `bundle`) once every file of it is written: only such a
    /// tree, or a live tree moved aside (`old-public`, `old-bundle`), is ever put back after a kill.
    static let completeSuffix = ".complete"
    let output: URL
    let force: Bool
    /// Folders the output may not be, contain or lie inside (the content and templates folders).
    let sources: [URL]
    private let fm = FileManager.default

    public init(output: URL, force: Bool, sources: [URL] = []) {
        self.output = output.standardizedFileURL
        self.force = force
        self.sources = sources
    }

    public enum WriteError: Error, CustomStringConvertible {
        case foreignFolder(String)
        case protectedFolder(String, reason: String)
        /// The output folder as named, and the process id written into the lock file (nil if unreadable).
        case busy(String, pid: Int32?)
        /// Symbolic links found inside the output folder: each link's path and what it points to.
        case symbolicLinks([(path: String, target: String)])
        /// A file beside the bundle (or its checksum file) where one of `BundleSidecarKind` goes
        /// that TrustPress did not write, and `force` is not set: its path and why it is not TrustPress's.
        case foreignSidecar(String, reason: String)
        /// Any other failure: the path it concerns, and what went wrong.
        case io(String, String)

        public var description: String {
            switch self {
            case let .foreignFolder(path):
                "\(path): error: the output folder is not empty and was not created by TrustPress; refusing to overwrite it\n"
                    + "\(path): note: choose an empty folder, or pass --force to take it over"
            case let .protectedFolder(path, reason):
                "\(path): error: refusing to use \(reason) as the output folder, even with --force"
            case let .busy(path, pid):
                "\(path): error: another TrustPress build\(pid.map { " (process \($0))" } ?? "") is writing to this output folder; "
                    + "try again when it has finished"
            case let .symbolicLinks(links):
                links.map { "\($0.path): error: this is a symbolic link (to \($0.target)); TrustPress never writes through a symbolic link in its output folder" }
                    .joined(separator: "\n")
                    + "\n\(links.first?.path ?? ""): note: replace each link with a real folder or file, or remove it; nothing was written"
            case let .foreignSidecar(path, reason):
                "\(path): error: this file was not written by TrustPress (\(reason)); refusing to replace it\n"
                    + "\(path): note: move it away, or pass --force to replace it"
            case let .io(path, message): "\(path): error: \(message)"
            }
        }
    }

    /// Checks the output folder may be written: it is missing, empty, or carries the marker
    /// (or `force` is set), and holds no symbolic link anywhere below it. Never, even forced: the
    /// filesystem root, the home folder, the working folder or one of its parents, a folder holding
    /// `Content/` or `Templates/`, or a git work tree's root.
    public func checkSafe() throws {
        let path = output.resolvingSymlinksInPath().path
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).resolvingSymlinksInPath().path
        let home = fm.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        if path == "/" { throw WriteError.protectedFolder(output.path, reason: "the filesystem root") }
        if path == home { throw WriteError.protectedFolder(output.path, reason: "the home folder") }
        if cwd == path || cwd.hasPrefix(path + "/") {
            throw WriteError.protectedFolder(output.path, reason: "the working folder or one of its parents")
        }
        for marker in ["Content", "Templates", ".git", "Package.swift"]
        where fm.fileExists(atPath: output.appendingPathComponent(marker).path) {
            throw WriteError.protectedFolder(output.path, reason: "a folder that holds \(marker)")
        }
        for source in sources {
            let s = source.resolvingSymlinksInPath().standardizedFileURL.path
            if path == s || path.hasPrefix(s + "/") || s.hasPrefix(path + "/") {
                throw WriteError.protectedFolder(output.path, reason: "the content or templates folder, or a folder inside or around it")
            }
        }
        // Inside another TrustPress output (say Output/public/x), the bundle would be deployed.
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        while parent.path != "/" {
            if fm.fileExists(atPath: parent.appendingPathComponent(Self.markerName).path) {
                throw WriteError.protectedFolder(output.path, reason: "a folder inside the TrustPress output \(parent.path)")
            }
            parent = parent.deletingLastPathComponent()
        }
        // A file in the way (--output afile/sub) gets a plain message rather than a Foundation error.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while ancestor.path != "/" {
            var dir: ObjCBool = false
            if fm.fileExists(atPath: ancestor.path, isDirectory: &dir) {
                if !dir.boolValue { throw WriteError.io(ancestor.path, "this is a file, not a folder, so \(output.path) cannot be created") }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw WriteError.io(output.path, "this is a file, not a folder; the output must be a folder") }
        let entries = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
        // The lock file alone is what a first build leaves when it is killed before writing.
        let meaningful = entries.filter { $0 != ".gitkeep" && $0 != ".DS_Store" && $0 != Self.lockName }
        guard meaningful.isEmpty || entries.contains(Self.markerName) || force else { throw WriteError.foreignFolder(output.path) }
        // A link anywhere below (confidential -> public, a bundle folder, the marker) would decide
        // where the bundle goes: refuse them all, before anything is written.
        let links = Self.symbolicLinks(under: path)
        if !links.isEmpty {
            throw WriteError.symbolicLinks(links.map { (output.path + "/" + $0.relative, $0.target) })
        }
    }

    /// Every symbolic link below `root`, not following any: paths relative to `root` (sorted) and
    /// what each points to. Walks with an explicit stack, so deep nesting cannot exhaust the thread's stack.
    static func symbolicLinks(under root: String) -> [(relative: String, target: String)] {
        var found: [(relative: String, target: String)] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            for (name, type) in entries(of: folder) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if type == DT_LNK {
                    found.append((child, linkTarget(root + "/" + child)))
                } else if type == DT_DIR {
                    pending.append(child)
                }
            }
        }
        return found.sorted { $0.relative < $1.relative }
    }

    /// What the link at `path` points to, as written in the link.
    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count >= 0 else { return "?" }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in `folder` (without `.` and `..`) and their types (`DT_DIR`, `DT_LNK`, …), from
    /// `readdir` (`lstat` where the file system leaves the type out). Empty when it cannot be read.
    static func entries(of folder: String) -> [(name: String, type: Int32)] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var result: [(name: String, type: Int32)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name != ".", name != ".." else { continue }
            var type = Int32(entry.pointee.d_type)
            if type == DT_UNKNOWN {
                var info = stat()
                if lstat(folder + "/" + name, &info) == 0 {
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFLNK: type = Int32(DT_LNK)
                    case S_IFREG: type = Int32(DT_REG)
                    default: break  // a pipe, socket or device: neither followed nor read
                    }
                }
            }
            result.append((name, type))
        }
        return result
    }

    /// Checks every place a build writes a tree to — `public/`, `confidential/` and
    /// `confidential/<bundleID>/` — before anything is swapped: each is missing or a real folder (not
    /// a file, not a symbolic link), and its name fits the file system. For each of `sidecars`, the same
    /// for `confidential/<bundleID><suffix>` and its `.sha256`, each missing or a regular file, and
    /// (unless `force`) TrustPress's (see `sidecarOwner`). `write` calls it before it writes anything
    /// and again just before the swaps; the builder calls it before rendering too.
    /// - Throws: `WriteError` naming the path (`<path>: error: …`); nothing has been changed.
    public func checkTargets(bundleID: String, sidecars: [BundleSidecarKind] = []) throws {
        guard !bundleID.isEmpty, !bundleID.contains("/"), !bundleID.hasPrefix(".") else {
            throw WriteError.io(output.path + "/confidential/" + bundleID, "this cannot name a bundle folder")
        }
        let root = output.resolvingSymlinksInPath().path
        try Self.checkTarget(root + "/public", display: output.path + "/public")
        try Self.checkTarget(root + "/confidential", display: output.path + "/confidential")
        try Self.checkTarget(root + "/confidential/" + bundleID, display: output.path + "/confidential/" + bundleID)
        for kind in BundleSidecarKind.allCases where sidecars.contains(kind) {
            let name = kind.fileName(bundleID: bundleID)
            let path = root + "/confidential/" + name, display = output.path + "/confidential/" + name
            try Self.checkTarget(path, display: display, file: true)
            try Self.checkTarget(path + ".sha256", display: display + ".sha256", file: true)
            if !force, case let .foreign(which, reason) = Self.sidecarOwner(path: path, fileName: name) {
                throw WriteError.foreignSidecar(which == path ? display : display + ".sha256", reason: reason)
            }
        }
    }

    /// Who wrote what stands at a sidecar's path (`path`) and its checksum file's (`path.sha256`).
    enum SidecarOwner: Equatable {
        /// Neither is there.
        case absent
        /// The checksum file is one TrustPress writes (see `BundleSidecar.isChecksumFile`), and the
        /// file, if there, a regular file.
        case trustpress
        /// Someone else's: the path that tells (the file or its checksum file), and why.
        case foreign(String, reason: String)
    }

    /// Whether the file at `path` (named `fileName`) and its checksum file are TrustPress's: the
    /// checksum file marks the pair as the output marker marks the trees. TrustPress writes the
    /// checksum before the file and removes it after, so a file of its own never stands without one.
    static func sidecarOwner(path: String, fileName: String) -> SidecarOwner {
        let checksum = path + ".sha256"
        guard exists(checksum) else {
            return exists(path) ? .foreign(path, reason: "no \(fileName).sha256 written by TrustPress beside it") : .absent
        }
        guard isRegularFile(checksum), !exists(path) || isRegularFile(path) else {
            return .foreign(isRegularFile(checksum) ? path : checksum, reason: "it is not a regular file")
        }
        // A checksum file is 64 digits, two spaces, the name and a newline: anything much longer is not one.
        let fd = open(checksum, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .foreign(checksum, reason: "it cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 + 2 + Int(NAME_MAX) + 2)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0, BundleSidecar.isChecksumFile(Data(buffer.prefix(count)), for: fileName) else {
            return .foreign(checksum, reason: "it is not the SHA-256 line TrustPress writes for \(fileName)")
        }
        return .trustpress
    }

    /// Writes the public tree and one bundle, each swapped in whole, and `sidecars` (at most one of
    /// each kind) with their checksums beside its folder: everything is written into staging and
    /// every target is checked before the first swap, and a failure at a later swap puts the earlier
    /// ones back, so `public/`, the bundle and the files beside it change together or not at all.
    /// TrustPress's file and checksum of a kind not in `sidecars` (if any) are removed with the swap.
    /// - Throws: `WriteError` (nothing of this build is left behind; the previous trees stay).
    public func write(public publicFiles: [RenderedFile], bundleID: String, bundle bundleFiles: [RenderedFile],
                      sidecars: [BundleSidecar] = []) throws {
        precondition(Set(sidecars.map(\.kind)).count == sidecars.count, "two sidecars of one kind")
        let kinds = sidecars.map(\.kind)
        try checkSafe()
        try checkTargets(bundleID: bundleID, sidecars: kinds)
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            // Every path below is built from the real folder, never from the name as typed.
            let root = output.resolvingSymlinksInPath().path
            // The caller holds the OutputLock: a staging folder of ours is a killed build's. Put back
            // a tree it left there, then remove it.
            let legacy = Self.hasLegacyMarker(root)
            try Self.recoverLeftovers(in: root, display: output.path, legacyToo: legacy)
            let confidential = root + "/confidential"
            let bundleTarget = confidential + "/" + bundleID
            let bundleDisplay = output.path + "/confidential/" + bundleID
            try checkTargets(bundleID: bundleID, sidecars: kinds)
            let marker = root + "/" + Self.markerName
            if legacy || !Self.exists(marker) {
                unlink(marker)
                if let failure = Self.writeFile(marker, Data(Self.markerText.utf8)) { throw failure }
            }
            let staging = root + "/" + Self.stagingPrefix + "\(getpid())-" + String(UInt32.random(in: .min ... .max), radix: 16)
            guard mkdir(staging, 0o755) == 0 else {
                throw WriteError.io(staging, "cannot create the staging folder: \(String(cString: strerror(errno)))")
            }
            defer { Self.removeTree(URL(fileURLWithPath: staging)) }
            // The marker stays locked while this build lives: a later build tells a live staging
            // folder from a killed build's by trying that lock, not by a process id that may be reused.
            if let failure = Self.writeFile(staging + "/" + Self.stagingMarkerName, Data("bundle: \(bundleID)\n".utf8)) {
                throw failure
            }
            let alive = open(staging + "/" + Self.stagingMarkerName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            defer { if alive >= 0 { close(alive) } }
            guard alive >= 0, flock(alive, LOCK_EX | LOCK_NB) == 0 else {
                throw WriteError.io(staging + "/" + Self.stagingMarkerName, "cannot lock the file: \(String(cString: strerror(errno)))")
            }
            let stagedPublic = URL(fileURLWithPath: staging + "/public")
            let stagedBundle = URL(fileURLWithPath: staging + "/bundle")
            // The two trees at once: each in its own folders, so the threads do not contend.
            let failures = Parallel.map([(publicFiles, stagedPublic), (bundleFiles, stagedBundle)]) { tree in
                Result { try writeTree(tree.0, to: tree.1) }
            }
            for case let .failure(error) in failures { throw error }
            for sidecar in sidecars {
                let names = sidecar.kind.stagedNames
                for (name, bytes) in [(names.file, sidecar.data), (names.checksum, sidecar.checksumFile)] {
                    if let failure = Self.writeFile(staging + "/" + name, bytes) { throw failure }
                }
            }
            for tree in ["public", "bundle"] {
                if let failure = Self.writeFile(staging + "/" + tree + Self.completeSuffix, Data()) { throw failure }
            }
            // Every target is checked again (the folder may have changed while the trees were written),
            // then everything is swapped in, in this order; a failure at any step puts back what the
            // steps before it replaced.
            try checkTargets(bundleID: bundleID, sidecars: kinds)
            try Self.ensureFolder(confidential, display: output.path + "/confidential")
            var trees: [Installed] = [], files: [Installed] = []
            do {
                trees.append(try Self.install(staging: staging, tree: "public", at: root + "/public", display: output.path + "/public"))
                trees.append(try Self.install(staging: staging, tree: "bundle", at: bundleTarget, display: bundleDisplay))
                for kind in BundleSidecarKind.allCases {
                    let names = kind.stagedNames
                    let fileTarget = confidential + "/" + kind.fileName(bundleID: bundleID), checksumTarget = fileTarget + ".sha256"
                    let fileDisplay = bundleDisplay + kind.suffix, checksumDisplay = fileDisplay + ".sha256"
                    if kinds.contains(kind) {
                        files.append(try Self.install(staging: staging, tree: names.checksum, at: checksumTarget, display: checksumDisplay, file: true))
                        files.append(try Self.install(staging: staging, tree: names.file, at: fileTarget, display: fileDisplay, file: true))
                    } else if Self.sidecarOwner(path: fileTarget, fileName: kind.fileName(bundleID: bundleID)) == .trustpress {
                        // The file goes first, so its checksum is never missing while it stands.
                        for (tree, target, display) in [(names.file, fileTarget, fileDisplay), (names.checksum, checksumTarget, checksumDisplay)]
                        where Self.exists(target) {
                            files.append(try Self.setAside(target, staging: staging, tree: tree, display: display))
                        }
                    }
                }
            } catch {
                for step in (trees + files).reversed() { step.undo() }
                throw error
            }
            // A file set aside is removed before its checksum (a kill in between puts back a checksum
            // alone, never a file alone); then the old bundle, then the old public tree.
            for step in files { step.discardOld() }
            for step in trees.reversed() { step.discardOld() }
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError.io(output.path, "cannot write the output folder: \(error.localizedDescription)")
        }
    }

    /// Puts back what a killed build left in staging (see `recoverLeftovers(in:display:legacyToo:)`).
    /// Called with the lock held, before rendering, so even a build that then fails recovers `public/`.
    public func recoverLeftovers() throws {
        let root = output.resolvingSymlinksInPath().path
        guard Self.isFolder(root) else { return }
        try Self.recoverLeftovers(in: root, display: output.path, legacyToo: Self.hasLegacyMarker(root))
    }

    /// Whether `root` carries the marker of a TrustPress before `layout: 2`.
    static func hasLegacyMarker(_ root: String) -> Bool {
        guard isRegularFile(root + "/" + markerName),
              let text = try? String(contentsOfFile: root + "/" + markerName, encoding: .utf8) else { return false }
        return !text.contains("layout: 2")
    }

    /// Whether `path` is a regular file (not a link to one).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Whether anything (a link included) is at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a real folder (not a link to one).
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Creates the folder `path` if it is missing; refuses a link or a file in its place.
    static func ensureFolder(_ path: String, display: String) throws {
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT, mkdir(path, 0o755) == 0 || errno == EEXIST, isFolder(path) else {
                throw WriteError.io(display, "cannot create the folder: \(String(cString: strerror(errno)))")
            }
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return
        case S_IFLNK: throw WriteError.symbolicLinks([(display, linkTarget(path))])
        default: throw WriteError.io(display, "this is a file, not a folder; move it away")
        }
    }

    /// `rename(2)`; the error names `display` (the target as the user named it) and the source.
    static func move(_ from: String, _ to: String, display: String) throws {
        guard rename(from, to) == 0 else {
            throw WriteError.io(display, "cannot move \(from) here: \(String(cString: strerror(errno)))")
        }
    }

    /// Checks one place the write puts a tree (or the folder holding one), before anything is
    /// swapped: its name fits the file system (at most `NAME_MAX`, 255 bytes), and it is missing or
    /// a real folder, not a file and not a symbolic link. With `file` (a sidecar, its checksum): missing
    /// or a regular file, not a folder and not a symbolic link.
    static func checkTarget(_ path: String, display: String, file: Bool = false) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.utf8.count > Int(NAME_MAX) {
            throw WriteError.io(display, "the \(file ? "file" : "folder") name is \(name.utf8.count) bytes long; a file system allows at most \(NAME_MAX); nothing was written")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw WriteError.io(display, "cannot use this path: \(String(cString: strerror(errno))); nothing was written")
        }
        switch (info.st_mode & S_IFMT, file) {
        case (S_IFDIR, false), (S_IFREG, true): return
        case (S_IFLNK, _): throw WriteError.symbolicLinks([(display, linkTarget(path))])
        case (S_IFDIR, true): throw WriteError.io(display, "this is a folder, not a file; move it away (nothing was written)")
        case (_, true): throw WriteError.io(display, "this is not a regular file; move it away (nothing was written)")
        default: throw WriteError.io(display, "this is a file, not a folder; move it away (nothing was written)")
        }
    }

    /// A tree `install` put in place, and what it displaced: undone when a later step of the write
    /// fails, so that `public/` and the bundle change together or not at all.
    struct Installed {
        enum Displaced {
            /// The target was missing.
            case nothing
            /// Exchanged: `staged` now holds the previous tree.
            case exchanged
            /// Two renames: the previous tree is at `aside` inside the staging folder; `discard` is
            /// the name it takes there before it is removed.
            case movedAside(aside: String, discard: String)
            /// A file replaced in one rename: the previous one is kept at `aside` by a second link.
            case linkedAside(aside: String, discard: String)
            /// Nothing new was put in: the previous file was moved to `aside` to be removed (see `setAside`).
            case removed(aside: String, discard: String)
        }
        let staged: String
        let target: String
        let displaced: Displaced

        /// Puts the previous tree back at `target` (and the new one back into staging).
        func undo() {
            switch displaced {
            case .nothing: _ = rename(target, staged)
            case .exchanged: _ = trustpress_rename_exchange(staged, target)
            case let .movedAside(aside, _): if rename(target, staged) == 0 { _ = rename(aside, target) }
            case let .linkedAside(aside, _), let .removed(aside, _): _ = rename(aside, target)
            }
        }

        /// Removes the previous tree, once the whole write has succeeded.
        func discardOld() {
            switch displaced {
            case .nothing: break
            case .exchanged: removeTree(URL(fileURLWithPath: staged))
            case let .movedAside(aside, discard), let .linkedAside(aside, discard), let .removed(aside, discard):
                // Renamed first, so a kill while removing it never has it put back.
                removeTree(URL(fileURLWithPath: rename(aside, discard) == 0 ? discard : aside))
            }
        }
    }

    /// Puts `staging/<tree>` at `target`. An existing target is exchanged with it in one atomic
    /// step; where the system cannot exchange (`ENOSYS`, `EINVAL`, `ENOTSUP`), the old tree is moved
    /// to `staging/old-<tree>` and the new one moved in (an old file is linked there instead, when the
    /// file system allows, and replaced in one rename). The displaced tree stays in the staging
    /// folder until the caller discards it (`Installed.discardOld`) or puts it back (`Installed.undo`).
    /// With `file`, `staging/<tree>` and `target` are regular files (a sidecar, its checksum), not folders.
    static func install(staging: String, tree: String, at target: String, display: String, file: Bool = false) throws -> Installed {
        let staged = staging + "/" + tree
        let complete = staged + completeSuffix
        try checkTarget(target, display: display, file: file)
        guard exists(target) else {
            try move(staged, target, display: display)
            if !file { unlink(complete) }
            return Installed(staged: staged, target: target, displaced: .nothing)
        }
        if trustpress_rename_exchange(staged, target) == 0 {
            // `staged` now holds the old tree: no longer one to put back, so its flag goes first.
            if !file { unlink(complete) }
            return Installed(staged: staged, target: target, displaced: .exchanged)
        }
        guard [ENOSYS, EINVAL, ENOTSUP, EOPNOTSUPP].contains(errno) else {
            throw WriteError.io(display, "cannot swap in the new \(file ? "file" : "tree"): \(String(cString: strerror(errno)))")
        }
        let aside = staging + "/old-" + tree
        // A file is kept by a second link and then replaced in one rename, so `target` is never missing.
        if file, link(target, aside) == 0 {
            do {
                try move(staged, target, display: display)
            } catch {
                unlink(aside)
                throw error
            }
            return Installed(staged: staged, target: target, displaced: .linkedAside(aside: aside, discard: staging + "/discard-" + tree))
        }
        // Fallback: between these two renames `target` is missing; recoverLeftovers puts old-<tree> back.
        try move(target, aside, display: display)
        do {
            try move(staged, target, display: display)
        } catch {
            _ = rename(aside, target)
            throw error
        }
        if !file { unlink(complete) }
        return Installed(staged: staged, target: target, displaced: .movedAside(aside: aside, discard: staging + "/discard-" + tree))
    }

    /// Moves the regular file `target` to `staging/old-<tree>`, to be removed once the whole write
    /// has succeeded (`Installed.discardOld`) or put back when it fails (`Installed.undo`); a kill
    /// in between has it put back by the next build (`recoverLeftovers`).
    static func setAside(_ target: String, staging: String, tree: String, display: String) throws -> Installed {
        try checkTarget(target, display: display, file: true)
        let aside = staging + "/old-" + tree
        try move(target, aside, display: display)
        return Installed(staged: staging + "/" + tree, target: target, displaced: .removed(aside: aside, discard: staging + "/discard-" + tree))
    }

    /// What a killed build left in its staging folders: each of ours (with the staging marker; or,
    /// under the marker of an earlier version, a `.staging-<pid>` of its layout) is
    /// recovered — a missing `public/` or bundle folder is put back from the old tree moved aside,
    /// or from a completely written new one — and then removed. A staging folder of a build still
    /// alive (its marker locked), and any folder that is not ours, is left alone.
    static func recoverLeftovers(in root: String, display: String, legacyToo: Bool) throws {
        for (name, type) in entries(of: root).sorted(by: { $0.name < $1.name })
        where name.hasPrefix(stagingPrefix) && type == DT_DIR {
            let folder = root + "/" + name
            let inside = Set(entries(of: folder).map(\.name))
            let label = name.dropFirst(stagingPrefix.count)
            let marked = isRegularFile(folder + "/" + stagingMarkerName)
            let legacy = legacyToo && !label.isEmpty && label.allSatisfy { ("0"..."9").contains($0) }
                && inside.allSatisfy { $0 == "public" || $0 == "bundle" || $0.hasPrefix("old-") }
            guard marked || legacy else { continue }
            // A live build holds its marker's lock (see write); an earlier version's left no lock,
            // only its process id in the name.
            if marked {
                let fd = open(folder + "/" + stagingMarkerName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                guard fd >= 0 else { continue }
                let held = flock(fd, LOCK_EX | LOCK_NB) != 0
                close(fd)
                if held { continue }
            } else if let pid = Int32(label), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                continue
            }
            func restore(_ candidates: [String], to target: String, file: Bool = false) {
                guard !exists(target) else { return }
                for candidate in candidates where file ? isRegularFile(folder + "/" + candidate) : isFolder(folder + "/" + candidate) {
                    if rename(folder + "/" + candidate, target) == 0 { return }
                }
            }
            let complete = { (tree: String) in inside.contains(tree + completeSuffix) ? [tree] : [] }
            restore(["old-public"] + complete("public"), to: root + "/public")
            var bundles: [(id: String, candidates: [String])] = []
            var sidecarsOf: String?
            if marked, let text = try? String(contentsOfFile: folder + "/" + stagingMarkerName, encoding: .utf8),
               let line = text.split(separator: "\n").first, line.hasPrefix("bundle: ") {
                let id = String(line.dropFirst("bundle: ".count))
                if !id.isEmpty, !id.contains("/"), !id.hasPrefix(".") {
                    bundles.append((id, ["old-bundle"] + complete("bundle")))
                    sidecarsOf = id
                }
            }
            if legacy {
                for entry in inside.sorted() where entry.hasPrefix("old-") && entry != "old-public" {
                    let id = String(entry.dropFirst(4))
                    if !id.isEmpty, !id.hasPrefix(".") { bundles.append((id, [entry])) }
                }
            }
            if !bundles.isEmpty {
                try ensureFolder(root + "/confidential", display: display + "/confidential")
                for bundle in bundles { restore(bundle.candidates, to: root + "/confidential/" + bundle.id) }
            }
            // Each file beside the bundle and its checksum moved aside (replaced, or being removed) go
            // back; a new one never does (a missing file is a consistent state, a new one beside the
            // old bundle folder is not). Killed between the two swaps, the checksum file may be the
            // new one beside the old file: the one in staging that is the file's goes back over it.
            if let id = sidecarsOf {
                for kind in BundleSidecarKind.allCases {
                    let names = kind.stagedNames, name = kind.fileName(bundleID: id)
                    let path = root + "/confidential/" + name
                    restore(["old-" + names.checksum], to: path + ".sha256", file: true)
                    restore(["old-" + names.file], to: path, file: true)
                    if isRegularFile(path), let bytes = FileManager.default.contents(atPath: path) {
                        let line = BundleSidecar.checksumLine(sha256: Hex.lowercase(SHA256.hash(data: bytes)), fileName: name)
                        if FileManager.default.contents(atPath: path + ".sha256") != line {
                            for candidate in ["old-" + names.checksum, names.checksum]
                            where isRegularFile(folder + "/" + candidate) && FileManager.default.contents(atPath: folder + "/" + candidate) == line {
                                if rename(folder + "/" + candidate, path + ".sha256") == 0 { break }
                            }
                        }
                    }
                }
            }
            removeTree(URL(fileURLWithPath: folder))
        }
    }

    /// Writes `files` under `root` (which must not exist yet): folders first, then the files with
    /// plain POSIX calls (Foundation's per-file checks cost more than the writes).
    private func writeTree(_ files: [RenderedFile], to root: URL) throws {
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        var folders = Set<Substring>()
        for file in files {
            precondition(!file.path.hasPrefix("/") && !file.path.split(separator: "/").contains(".."),
                         "rendered path escapes its tree: \(file.path)")
            var end = file.path.endIndex
            while let slash = file.path[..<end].lastIndex(of: "/") {
                guard folders.insert(file.path[..<slash]).inserted else { break }
                end = slash
            }
        }
        // Sorted, a parent comes before its children.
        for folder in folders.sorted() {
            let path = root.path + "/" + folder
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw WriteError.io(path, "cannot create the folder: \(String(cString: strerror(errno)))")
            }
        }
        // One thread per tree: file systems serialise creating files in one folder, and on ext4
        // two threads spin on the folder's lock (measured: slower than one).
        let base = root.path + "/"
        for file in files {
            if let failure = Self.writeFile(base + file.path, file.contents) { throw failure }
        }
    }

    /// Creates `path` (which must not exist) holding `contents`; returns the error, or nil.
    private static func writeFile(_ path: String, _ contents: Data) -> WriteError? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .io(path, "cannot create the file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return contents.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> WriteError? in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return .io(path, "cannot write the file: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
            return nil
        }
    }

    /// Deletes a tree without following symbolic links (children before their folder).
    static func removeTree(_ url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR { removeFolder(url.path) } else { unlink(url.path) }
    }

    private static func removeFolder(_ path: String) {
        if let dir = opendir(path) {
            var entries: [(name: String, isFolder: Bool)] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                guard name != ".", name != ".." else { continue }
                var isFolder = Int32(entry.pointee.d_type) == DT_DIR
                if Int32(entry.pointee.d_type) == DT_UNKNOWN {  // some file systems leave the type out
                    var info = stat()
                    isFolder = lstat(path + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                entries.append((name, isFolder))
            }
            closedir(dir)
            for entry in entries {
                if entry.isFolder { removeFolder(path + "/" + entry.name) } else { unlink(path + "/" + entry.name) }
            }
        }
        rmdir(path)
    }
}

/// An exclusive, non-blocking `flock(2)` held for a whole build, so a second build on the same
/// output folder fails at once, naming the process that holds it, instead of racing the first.
///
/// The lock file is `.trustpress-lock` inside the output folder, opened after the folder's path is
/// resolved: every name of the folder (a symbolic link, a relative path, another `TMPDIR`) reaches
/// the same file, and no other user of the machine shares it. The holder's process id is written
/// into it (and cleared on release). A build that had to create the folder, or the lock file,
/// removes them again when it fails, so a failed first build leaves nothing behind.
public struct OutputLock {
    let fd: Int32
    /// The resolved output folder and its lock file.
    let folder: String
    let path: String
    /// The folders this lock created (the output folder and any missing parents), innermost first.
    let createdFolders: [String]
    let createdFile: Bool

    /// The lock file of `output` (the folder's symbolic links resolved).
    public static func lockFile(for output: URL) -> URL {
        output.standardizedFileURL.resolvingSymlinksInPath().appendingPathComponent(OutputWriter.lockName)
    }

    /// Creates the output folder if it is missing, then takes its lock.
    /// - Throws: `OutputWriter.WriteError.busy` (with the holder's process id) when another build
    ///   holds it; `.symbolicLinks` when the lock file is a link; `.io` when it cannot be created.
    public init(for output: URL) throws {
        let display = output.standardizedFileURL.path
        let fm = FileManager.default
        // A build that created the folder removes it when it fails: if that happens between our open
        // and our flock, the file we locked is gone, and we start again (a few times at most).
        for _ in 0..<8 {
            // The missing folders, outermost first, each created with mkdir so a race is seen (EEXIST).
            var missing: [String] = []
            var ancestor = output.standardizedFileURL
            while ancestor.path != "/", !fm.fileExists(atPath: ancestor.path) {
                missing.insert(ancestor.path, at: 0)
                ancestor = ancestor.deletingLastPathComponent()
            }
            var createdFolders: [String] = []
            for folder in missing {
                if mkdir(folder, 0o755) == 0 {
                    createdFolders.insert(folder, at: 0)
                } else if errno != EEXIST {
                    throw OutputWriter.WriteError.io(folder, "cannot create the folder: \(String(cString: strerror(errno)))")
                }
            }
            let folder = output.standardizedFileURL.resolvingSymlinksInPath().path
            let path = folder + "/" + OutputWriter.lockName
            let existed = OutputWriter.exists(path)
            let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                if errno == ENOENT { continue }  // the folder was just removed by a failing build
                if errno == ELOOP { throw OutputWriter.WriteError.symbolicLinks([(display + "/" + OutputWriter.lockName, OutputWriter.linkTarget(path))]) }
                throw OutputWriter.WriteError.io(display + "/" + OutputWriter.lockName, "cannot create the lock file: \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let holder = Self.readPID(fd)
                close(fd)
                throw OutputWriter.WriteError.busy(display, pid: holder)
            }
            var opened = stat(), named = stat()
            guard fstat(fd, &opened) == 0, lstat(path, &named) == 0,
                  opened.st_dev == named.st_dev, opened.st_ino == named.st_ino else {
                close(fd)
                continue
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            self.fd = fd
            self.folder = folder
            self.path = path
            self.createdFolders = createdFolders
            self.createdFile = !existed
            return
        }
        throw OutputWriter.WriteError.io(display + "/" + OutputWriter.lockName, "cannot lock the output folder: its lock file keeps being replaced")
    }

    /// The process id written in the lock file, if it holds one.
    static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock. With `removingWhatItCreated` (a failed build), first removes the lock
    /// file and the folders if this lock created them and they are otherwise empty.
    public func release(removingWhatItCreated: Bool = false) {
        _ = ftruncate(fd, 0)
        if removingWhatItCreated && (createdFile || !createdFolders.isEmpty) {
            unlink(path)
            for created in createdFolders where rmdir(created) != 0 { break }
        }
        flock(fd, LOCK_UN)
        close(fd)
    }
}
