import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a `BundleDocument` to PDF with headless Chromium (`build --pdf`): Debian's `chromium`,
/// found on `PATH` or given with `--chromium PATH`.
///
/// Each run works in a fresh private folder under the temporary folder (`TMPDIR`), holding the
/// document, Chromium's profile (`--user-data-dir`), its `HOME` and `TMPDIR` (`/tmp` if the
/// folder's path is too long for Chromium's socket there) and the PDF; the folder is removed
/// when the run ends, however it ends. Chromium runs in its own process group, which is killed
/// after `timeout` seconds and once the run is over, so no Chromium process outlives it.
///
/// No network: the document forbids every request (`BundleDocument.contentSecurityPolicy`) and
/// holds nothing remote, and Chromium is started with every name resolving to nothing
/// (`--host-resolver-rules`), a proxy that does not exist for every URL, loopback included, and
/// its background services (updates, sync, metrics, first-run) off.
///
/// Chromium writes the time it printed as the PDF's `/CreationDate` and `/ModDate`; both are
/// replaced by 00:00:00 UTC of the build date (same length, so the cross-reference offsets stay
/// right), which makes the PDF byte-identical for the same bundle, Chromium version and fonts.
public struct ChromiumPDF: Sendable {
    /// The Chromium executable.
    public let executable: String
    /// Seconds Chromium may take before it is killed and the run fails.
    public var timeout: Double = 120

    /// A failure, worded for the command line (the build exits 2).
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// What Chromium adds to `TMPDIR` for its singleton socket: `/org.chromium.Chromium.XXXXXX/SingletonSocket`.
    static let socketPathLength = 46

    /// The names looked for on `PATH` when no executable is given, in this order.
    public static let names = ["chromium", "chromium-browser"]

    /// The suggestion every "not found" failure ends with.
    static let install = "install it (Debian: sudo apt-get install chromium) or give its path with --chromium PATH"

    /// Finds Chromium: `given` (`--chromium`, a path, or a name looked up on `path`), else the first
    /// of `names` on `path` (`PATH`, colon-separated).
    /// - Throws: `Failure` when `given` is not an executable file, or none is found on `path`.
    public static func locate(_ given: String?, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws(Failure) -> ChromiumPDF {
        let folders = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        func executable(_ candidate: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) && !isFolder.boolValue
                && access(candidate, X_OK) == 0
        }
        func onPath(_ name: String) -> String? {
            folders.lazy.map { $0 + "/" + name }.first(where: executable)
        }
        if let given {
            if given.contains("/") {
                guard executable(given) else {
                    throw Failure(description: "--pdf: Chromium is not at \(given) (no executable file there): \(install)")
                }
                return ChromiumPDF(executable: given)
            }
            guard let found = onPath(given) else {
                throw Failure(description: "--pdf: '\(given)' is not on PATH: \(install)")
            }
            return ChromiumPDF(executable: found)
        }
        for name in names {
            if let found = onPath(name) { return ChromiumPDF(executable: found) }
        }
        throw Failure(description: "--pdf needs headless Chromium to print the bundle, and none is on PATH (looked for \(names.joined(separator: ", "))): \(install)")
    }

    public init(executable: String, timeout: Double = 120) {
        self.executable = executable
        self.timeout = timeout
    }

    /// The arguments Chromium runs with, for `document` and `pdf` (file paths) and `profile` (a folder).
    static func arguments(document: String, pdf: String, profile: String) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--generate-pdf-document-outline", "--print-to-pdf=" + pdf, "--user-data-dir=" + profile,
            // No network: no name resolves, every URL (loopback too) goes to a proxy that is not there.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-domain-reliability",
            "--disable-client-side-phishing-detection", "--disable-breakpad", "--metrics-recording-only", "--no-pings",
            "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
            "file://" + document,
        ]
    }

    /// Prints `document` to PDF.
    /// - Parameter buildDate: the date written as the PDF's creation and modification date.
    /// - Returns: the PDF's bytes.
    /// - Throws: `Failure` when the temporary folder cannot be made, Chromium cannot start, exits
    ///   with an error, takes longer than `timeout` or writes no PDF.
    public func print(_ document: BundleDocument, buildDate: CalendarDate) throws(Failure) -> Data {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("trustpress-pdf-" + UUID().uuidString.prefix(13), isDirectory: true)
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(description: "--pdf: cannot make a temporary folder at \(folder.path): \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: folder) }
        let documentFile = folder.appendingPathComponent("bundle.html"), pdfFile = folder.appendingPathComponent("bundle.pdf")
        let profile = folder.appendingPathComponent("profile"), home = folder.appendingPathComponent("home")
        let log = folder.appendingPathComponent("chromium.log")
        do {
            try Data(document.html.utf8).write(to: documentFile)
            try fm.createDirectory(at: profile, withIntermediateDirectories: false)
            try fm.createDirectory(at: home, withIntermediateDirectories: false)
        } catch {
            throw Failure(description: "--pdf: cannot write to the temporary folder \(folder.path): \(error.localizedDescription)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.path + "/.config"
        environment["XDG_CACHE_HOME"] = home.path + "/.cache"
        environment["XDG_DATA_HOME"] = home.path + "/.local/share"
        environment["TZ"] = "UTC"
        // Its own temporary files (org.chromium.Chromium.*/SingletonSocket, removed when it exits) go
        // into the folder, unless that makes the socket's path longer than a Unix socket's 107 bytes.
        environment["TMPDIR"] = folder.path.utf8.count + Self.socketPathLength <= 107 ? folder.path : "/tmp"
        for key in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "no_proxy", "NO_PROXY"] {
            environment[key] = nil
        }
        let arguments = Self.arguments(document: documentFile.path, pdf: pdfFile.path, profile: profile.path)
        let status = try run(arguments: arguments, environment: environment, log: log.path)
        let output = fm.contents(atPath: pdfFile.path)
        guard status == 0, let output, output.starts(with: Data("%PDF-".utf8)) else {
            let tail = (fm.contents(atPath: log.path).map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(separator: "\n").filter { !$0.contains("dbus") }.suffix(5).joined(separator: "\n")
            let why = status != 0 ? "Chromium (\(executable)) exited with status \(status)" : "Chromium (\(executable)) wrote no PDF"
            throw Failure(description: "--pdf: \(why)" + (tail.isEmpty ? "" : ":\n" + tail))
        }
        return Self.settingDates(output, to: buildDate)
    }

    /// Runs Chromium in a process group of its own, its output into `log`; kills the group after
    /// `timeout` seconds and after it exits (helpers it left behind).
    /// - Returns: its exit status (128 + the signal when a signal ended it).
    private func run(arguments: [String], environment: [String: String], log: String) throws(Failure) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "--pdf: cannot start Chromium (\(executable)): \(String(cString: strerror(spawned))); \(Self.install)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done == -1 && errno != EINTR { status = 0; break }
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "--pdf: Chromium (\(executable)) did not finish printing within \(Int(timeout)) seconds and was stopped")
            }
            usleep(50_000)
        }
        kill(-pid, SIGKILL)  // whatever it left running
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// `pdf` with the value of every `/CreationDate` and `/ModDate` replaced by 00:00:00 UTC of
    /// `date` (`D:20261130000000+00'00'`, or as long a form as the value Chromium wrote), byte for
    /// byte in place; a value of another length is left as it is.
    static func settingDates(_ pdf: Data, to date: CalendarDate) -> Data {
        var bytes = [UInt8](pdf)
        let day = "D:" + date.description.replacingOccurrences(of: "-", with: "") + "000000"
        let forms = [day + "+00'00'", day + "Z", day]
        for key in ["/CreationDate", "/ModDate"] {
            let needle = Array(key.utf8)
            var from = 0
            while let at = BundleDocument.find(needle, in: bytes, from: from) {
                from = at + needle.count
                var i = from
                while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "("), let close = bytes[i...].firstIndex(of: UInt8(ascii: ")")) else { continue }
                let length = close - i - 1
                guard let form = forms.first(where: { $0.utf8.count == length }) else { continue }
                bytes.replaceSubrange((i + 1)..<close, with: Array(form.utf8))
            }
        }
        return Data(bytes)
    }
}
