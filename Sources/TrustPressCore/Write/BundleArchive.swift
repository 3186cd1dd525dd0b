import Crypto
import Foundation
import ZIPFoundation

/// `confidential/<bundle id>.zip` (`build --archive`): the bundle folder as one file to hand over,
/// with its SHA-256 in `<bundle id>.zip.sha256`.
///
/// Made in memory from the very files the bundle folder is written from, and byte-identical for the
/// same files and build date: one top-level folder named after the bundle id (unzipping gives the
/// folder), an entry for every folder and file sorted by its UTF-8 bytes (so a folder comes before
/// what it holds), every entry dated 00:00:00 of the build date with fixed permissions (0644 files,
/// 0755 folders), files deflated by zlib at its default level. ZIPFoundation writes the MS-DOS date
/// and time from the UTC fields (`gmtime`), so the archive does not depend on the machine's time
/// zone; unzip reads them as local time, so extracted files are dated midnight of the build date
/// wherever they are unpacked. MS-DOS dates run from 1980 to 2107 and ZIPFoundation stores 1980–2099:
/// a build date outside those years is dated 1 January 1980 or 31 December 2099 in the archive.
public struct BundleArchive: Sendable {
    /// The zip file's bytes.
    public let data: Data
    /// Its SHA-256, lowercase hex (64 digits).
    public let sha256: String
    /// The zip's file name, `<bundle id>.zip`.
    public let fileName: String

    /// The name of the checksum file beside the zip: `<bundle id>.zip.sha256`.
    public var checksumFileName: String { fileName + ".sha256" }

    /// The checksum file's text as `sha256sum` writes it (`<hex>  <bundle id>.zip\n`), so
    /// `sha256sum -c <bundle id>.zip.sha256` checks the zip beside it.
    public var checksumFile: Data { BundleSidecar.checksumLine(sha256: sha256, fileName: fileName) }

    /// The zip as the file the writer puts beside the bundle folder.
    public var sidecar: BundleSidecar { BundleSidecar(kind: .zip, fileName: fileName, data: data, sha256: sha256) }

    /// Zips `files` (paths relative to the bundle folder) under the folder `bundleID/`.
    /// - Throws: ZIPFoundation's error when an entry cannot be added (none is expected in memory).
    public init(bundleID: String, files: [RenderedFile], buildDate: CalendarDate) throws {
        var folders = Set<String>()
        for file in files {
            var path = Substring(file.path)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                guard folders.insert(String(path)).inserted else { break }
            }
        }
        let root = bundleID + "/"
        let contents = Dictionary(uniqueKeysWithValues: files.map { (root + $0.path, $0.contents) })
        let entries = ([root] + folders.map { root + $0 + "/" } + contents.keys)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let date = Self.entryDate(buildDate)
        let archive = try Archive(data: Data(), accessMode: .create)
        for path in entries {
            if let bytes = contents[path] {
                let provider: Provider = { position, size in
                    let start = bytes.startIndex + Int(position)
                    return bytes.subdata(in: start ..< min(start + size, bytes.endIndex))
                }
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                     permissions: 0o644, compressionMethod: .deflate, provider: provider)
            } else {
                let provider: Provider = { _, _ in Data() }
                try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0), modificationDate: date,
                                     permissions: 0o755, compressionMethod: .none, provider: provider)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        self.data = data
        self.sha256 = Hex.lowercase(SHA256.hash(data: data))
        self.fileName = BundleSidecarKind.zip.fileName(bundleID: bundleID)
    }

    /// 00:00:00 UTC of `buildDate`, kept inside the years ZIPFoundation can store (1980–2099).
    static func entryDate(_ buildDate: CalendarDate) -> Date {
        let first = CalendarDate(year: 1980, month: 1, day: 1), last = CalendarDate(year: 2099, month: 12, day: 31)
        let day = min(max(buildDate, first), last)
        return Date(timeIntervalSince1970: TimeInterval(day.daysSince1970) * 86_400)
    }
}
