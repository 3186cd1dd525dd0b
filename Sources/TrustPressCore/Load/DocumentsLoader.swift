import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads `documents.yaml` and the `documents/` folder it describes (issue 11).
///
/// Fail closed, so that nothing is published or bundled by accident and nothing is silently lost:
/// a file in `documents/` that `documents.yaml` does not describe is an error, as is a description
/// of a file that is not there; a symbolic link (the folder itself or an entry), a subfolder or any
/// other non-regular entry is an error (a link never decides what is published); hidden files
/// (`.DS_Store`) are neither published nor bundled, with a warning. Files are read with
/// `O_NOFOLLOW`, so a link swapped in after the listing is refused too.
struct DocumentsLoader {
    /// The folder of the files, at the content root.
    static let folder = "documents"
    /// The description file, at the content root: file name → `DocumentDescription`.
    static let descriptionFile = "documents.yaml"
    /// A larger file is refused (100 MiB): a trust center's documents are reports and certificates.
    static let maximumBytes = 100 * 1024 * 1024

    let loader: ContentLoader

    /// - Returns: every described document that exists, in file name order (natural order).
    func load(log: inout DiagnosticLog) -> [Document] {
        let root = loader.root.path
        let folderPath = root + "/" + Self.folder
        var info = stat()
        let folderExists = lstat(folderPath, &info) == 0
        if folderExists && info.st_mode & S_IFMT == S_IFLNK {
            log.error(loader.display(Self.folder), 0, 0,
                      "'\(Self.folder)' is a symbolic link; refusing it: a link never decides what is published or bundled",
                      notes: ["make documents/ a real folder in the content folder and copy the files into it"])
            return []
        }
        if folderExists && info.st_mode & S_IFMT != S_IFDIR {
            log.error(loader.display(Self.folder), 0, 0, "'\(Self.folder)' must be a folder of the files documents.yaml describes")
            return []
        }
        let described = FileManager.default.fileExists(atPath: root + "/" + Self.descriptionFile)
        let decoded = loader.yaml([String: DocumentDescription].self, Self.descriptionFile, log: &log)
        if described && decoded == nil { return [] }  // reported; each file would only repeat it
        let descriptions = decoded?.value ?? [:]
        let source = decoded?.source

        // The folder's entries, by type, never following a link.
        var regular = Set<String>()
        let entries = folderExists ? OutputWriter.entries(of: folderPath).sorted { $0.name < $1.name } : []
        for (name, type) in entries {
            let display = loader.display(Self.folder + "/" + name)
            if name.hasPrefix(".") {
                log.warning(display, 0, 0, "this hidden file is neither published nor bundled",
                            notes: ["remove it, or rename it without the leading '.' and describe it in documents.yaml"])
                continue
            }
            switch Int(type) {
            case Int(DT_REG):
                regular.insert(name)
                if descriptions[name] == nil {
                    let example = "\(Self.yamlKey(name)): {title: \"…\", kind: other, date: \(loader.referenceDate ?? CalendarDate(year: 2026, month: 1, day: 1))}"
                    let guess = Suggestion.closest(to: name, in: descriptions.keys.filter { !regularFile(folderPath, $0) })
                    log.error(display, 0, 0, "this file is not described in documents.yaml, so it is neither published nor bundled",
                              notes: (guess.map { ["documents.yaml describes \(Excerpt.quoted($0)), which does not exist: did you mean this file?"] } ?? [])
                                + ["describe it in documents.yaml (it stays confidential unless 'visibility: public'), e.g.", example,
                                   "or move it out of the content folder"])
                }
            case Int(DT_LNK):
                log.error(display, 0, 0, "this is a symbolic link (to \(OutputWriter.linkTarget(folderPath + "/" + name))); refusing it: a link never decides what is published or bundled",
                          notes: ["copy the file itself into documents/"])
            case Int(DT_DIR):
                log.error(display, 0, 0, "documents/ is one level deep: this folder is neither published nor bundled",
                          notes: ["move its files into documents/ itself and describe each in documents.yaml"])
            default:
                log.error(display, 0, 0, "this is not a regular file; refusing it")
            }
        }

        var documents: [Document] = []
        for name in descriptions.keys.sortedNaturally(by: { $0 }) {
            let d = descriptions[name]!
            let at: [PathKey] = [.key(name)]
            guard Self.isValidName(name) else {
                source?.error(&log, at: at, "\(Excerpt.quoted(name)) cannot name a file in documents/: use letters, digits, '.', '_' and '-', not starting with '.'",
                              notes: ["the name is the file's name in documents/ and in its address on the site, e.g. soc2-report-2026.pdf"])
                continue
            }
            guard regular.contains(name) else {
                let inFolder = entries.contains { $0.name == name }
                let guess = Suggestion.closest(to: name, in: regular.filter { descriptions[$0] == nil })
                source?.error(&log, at: at, inFolder
                              ? "documents.yaml describes documents/\(name), which is not a regular file (see its own error)"
                              : "documents.yaml describes documents/\(name), which does not exist",
                              notes: Suggestion.note(guess) + (inFolder ? [] : ["put the file in documents/, or remove its description"]))
                continue
            }
            if d.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                source?.error(&log, at: at + [.key("title")], "a document needs a title: it is listed by it, publicly even when confidential")
            }
            if let expires = d.expires {
                if expires < d.date {
                    source?.error(&log, at: at + [.key("expires")], "'expires' (\(expires)) is before the document's 'date' (\(d.date))")
                } else if let build = loader.referenceDate, expires < build {
                    source?.error(&log, at: at + [.key("expires")],
                                  "\(Excerpt.quoted(d.title)) expired on \(expires), before the build date \(build); it is still listed",
                                  notes: ["replace the file with the current one, or remove it"], severity: .warning)
                }
            }
            let display = loader.display(Self.folder + "/" + name)
            guard let data = Self.read(folderPath + "/" + name, display: display, log: &log) else { continue }
            documents.append(Document(fileName: name, title: d.title, kind: d.kind, date: d.date, expires: d.expires,
                                      visibility: d.visibility ?? .confidential, data: data, path: display))
        }
        return documents
    }

    private func regularFile(_ folder: String, _ name: String) -> Bool {
        var info = stat()
        return lstat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// A name safe as a file name in both trees and in a URL as it is: `[A-Za-z0-9._-]`, 1 to 200
    /// bytes, not starting with `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && !name.hasPrefix(".")
            && name.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
            }
    }

    /// The file name as a YAML key in an example line (quoted when YAML would read it otherwise).
    static func yamlKey(_ name: String) -> String {
        isValidName(name) ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The bytes of the regular file at `path`, opened without following a link; nil (with an
    /// error at `display`) when it is not one, is too large or cannot be read.
    static func read(_ path: String, display: String, log: inout DiagnosticLog) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            log.error(display, 0, 0, errno == ELOOP ? "this is a symbolic link; refusing it" : "cannot read the file: \(String(cString: strerror(errno)))")
            return nil
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            log.error(display, 0, 0, "this is not a regular file; refusing it")
            return nil
        }
        guard Int(info.st_size) <= maximumBytes else {
            log.error(display, 0, 0, "the file is \(info.st_size) bytes; documents are limited to \(maximumBytes / 1024 / 1024) MiB")
            return nil
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            log.error(display, 0, 0, "cannot read the file: \(error)")
            return nil
        }
    }
}
