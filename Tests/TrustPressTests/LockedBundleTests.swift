import _CryptoExtras
import Crypto
import Foundation
import Testing
@testable import TrustPressCore

/// `build --encrypt`: `confidential/<bundle>.locked.html`, decrypted here as docs/locked-bundle.md
/// says anyone can (the envelope parsed from the HTML, the key derived with swift-crypto's PBKDF2,
/// AES-GCM opened), not through the type's own constants.
@Suite("The locked bundle")
struct LockedBundleTests {
    static let passphrase = try! LockedBundlePassphrase(Data("correct horse battery staple".utf8))
    static let files = [
        RenderedFile(path: "index.html", text: "<!DOCTYPE html><title>Cover</title><a href=\"policies/a.html\">A</a>"),
        RenderedFile(path: "policies/a.html", text: "<h1>Policy A — é</h1>"),
        RenderedFile(path: "soa.csv", text: "id,title\nA.5.1,Policies\n"),
        RenderedFile(path: "assets/logo.png", contents: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x0A])),
    ]

    struct Envelope: Decodable {
        let cipher, ciphertext, format, hash, kdf, nonce, salt: String
        let iterations: Int
    }

    struct Plain: Decodable {
        let bundle: String
        let files: [String: String]
        let format: String
        let start: String
    }

    /// The envelope: the JSON text of `<script type="application/json" id="trustpress-locked-bundle">`.
    static func envelope(_ html: Data) throws -> Envelope {
        let text = String(decoding: html, as: UTF8.self)
        let open = #"<script type="application/json" id="trustpress-locked-bundle">"#
        let start = try #require(text.range(of: open))
        let end = try #require(text.range(of: "</script>", range: start.upperBound ..< text.endIndex))
        return try JSONDecoder().decode(Envelope.self, from: Data(text[start.upperBound ..< end.lowerBound].utf8))
    }

    /// The plaintext, decrypted as the documentation says.
    /// - Throws: swift-crypto's authentication failure for a wrong passphrase.
    static func decrypt(_ html: Data, passphrase: String) throws -> Data {
        let envelope = try envelope(html)
        let salt = try #require(Data(base64Encoded: envelope.salt)), nonce = try #require(Data(base64Encoded: envelope.nonce))
        let sealed = try #require(Data(base64Encoded: envelope.ciphertext))
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(passphrase.utf8), salt: salt, using: .sha256,
                                                     outputByteCount: 32, rounds: envelope.iterations)
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
        return try AES.GCM.open(box, using: key)
    }

    static func files(_ plaintext: Data) throws -> [String: Data] {
        let plain = try JSONDecoder().decode(Plain.self, from: plaintext)
        return try plain.files.mapValues { try #require(Data(base64Encoded: $0)) }
    }

    @Test("The documented layout decrypts to every file, byte for byte, with the documented parameters")
    func roundTrip() throws {
        let html = try LockedBundle.seal(bundleID: "2026-11-30-acme", files: Self.files, passphrase: Self.passphrase)
        let envelope = try Self.envelope(html)
        #expect(envelope.iterations == 600_000)
        #expect([envelope.cipher, envelope.kdf, envelope.hash, envelope.format] == ["AES-256-GCM", "PBKDF2", "SHA-256", "trustpress-locked-bundle/1"])
        #expect(Data(base64Encoded: envelope.salt)?.count == 16)
        #expect(Data(base64Encoded: envelope.nonce)?.count == 12)
        let plaintext = try Self.decrypt(html, passphrase: "correct horse battery staple")
        let plain = try JSONDecoder().decode(Plain.self, from: plaintext)
        #expect(plain.bundle == "2026-11-30-acme")
        #expect(plain.start == "index.html")
        #expect(plain.format == "trustpress-locked-bundle/1")
        let decrypted = try Self.files(plaintext)
        #expect(decrypted == Dictionary(uniqueKeysWithValues: Self.files.map { ($0.path, $0.contents) }))
        // Ciphertext = plaintext + 16-byte tag: nothing else is hidden in it.
        #expect(Data(base64Encoded: envelope.ciphertext)?.count == plaintext.count + 16)
        #expect(plaintext == LockedBundle.plaintext(bundleID: "2026-11-30-acme", files: Self.files.reversed()))
        #expect(LockedBundle.fileName(bundleID: "2026-11-30-acme") == "2026-11-30-acme.locked.html")
    }

    @Test("A wrong passphrase fails GCM authentication")
    func wrongPassphrase() throws {
        let html = try LockedBundle.seal(bundleID: "b", files: Self.files, passphrase: Self.passphrase)
        #expect(throws: CryptoKitError.self) { try Self.decrypt(html, passphrase: "correct horse battery stapl") }
        #expect(throws: CryptoKitError.self) { try Self.decrypt(html, passphrase: "correct horse battery staple\n") }
    }

    @Test("Two builds: fresh salt and nonce, the same plaintext inside")
    func freshSaltAndNonce() throws {
        let first = try LockedBundle.seal(bundleID: "b", files: Self.files, passphrase: Self.passphrase)
        let second = try LockedBundle.seal(bundleID: "b", files: Self.files, passphrase: Self.passphrase)
        let (a, b) = (try Self.envelope(first), try Self.envelope(second))
        #expect(a.salt != b.salt)
        #expect(a.nonce != b.nonce)
        #expect(a.ciphertext != b.ciphertext)
        #expect(first != second)
        #expect(try Self.decrypt(first, passphrase: "correct horse battery staple") == Self.decrypt(second, passphrase: "correct horse battery staple"))
    }

    @Test("Fixed salt and nonce (tests only) give the same file; the CSP lists the viewer script's SHA-256")
    func fixedParametersAndCSP() throws {
        let salt = [UInt8](repeating: 7, count: 16), nonce = [UInt8](repeating: 9, count: 12)
        let first = try LockedBundle.seal(bundleID: "b", files: Self.files, passphrase: Self.passphrase, salt: salt, nonce: nonce)
        #expect(first == (try LockedBundle.seal(bundleID: "b", files: Self.files, passphrase: Self.passphrase, salt: salt, nonce: nonce)))
        #expect(try Self.envelope(first).salt == Data(salt).base64EncodedString())
        let text = String(decoding: first, as: UTF8.self)
        // The one inline script that runs: the last <script> without a type.
        let start = try #require(text.range(of: "<script>", options: .backwards))
        let end = try #require(text.range(of: "</script>", range: start.upperBound ..< text.endIndex))
        let hash = Data(SHA256.hash(data: Data(text[start.upperBound ..< end.lowerBound].utf8))).base64EncodedString()
        #expect(text.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-\#(hash)';"#))
        #expect(text.components(separatedBy: "<script").count == 3, "the envelope and the viewer, no other script")
        // No address to fetch: the only URL is the viewer's base for resolving links, never loaded.
        #expect(!text.contains("http://"))
        #expect(text.components(separatedBy: "https://").count == 2 && text.contains(#"const ROOT = "https://bundle.invalid/";"#))
    }

    @Test("Passphrase sources: the file (one trailing newline removed) wins over TRUSTPRESS_PASSPHRASE; empty or none is an error")
    func passphraseSources() throws {
        let folder = try makeTemporaryFolder("passphrase")
        defer { removeTemporaryFolder(folder) }
        func file(_ text: String) throws -> String {
            let url = folder.appendingPathComponent(UUID().uuidString)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let env = ["TRUSTPRESS_PASSPHRASE": "from the environment"]
        #expect(try LockedBundlePassphrase.resolve(file: file("from the file\n"), environment: env).bytes == Data("from the file".utf8))
        #expect(try LockedBundlePassphrase.resolve(file: file("two\n\n"), environment: [:]).bytes == Data("two\n".utf8))
        #expect(try LockedBundlePassphrase.resolve(file: file("crlf\r\n"), environment: [:]).bytes == Data("crlf".utf8))
        #expect(try LockedBundlePassphrase.resolve(file: file(" spaces kept "), environment: [:]).bytes == Data(" spaces kept ".utf8))
        #expect(try LockedBundlePassphrase.resolve(file: nil, environment: env).bytes == Data("from the environment".utf8))
        let empty = try file(""), newline = try file("\n")
        #expect(throws: LockedBundlePassphrase.SourceError.emptyFile(empty)) { try LockedBundlePassphrase.resolve(file: empty, environment: env) }
        #expect(throws: LockedBundlePassphrase.SourceError.emptyFile(newline)) { try LockedBundlePassphrase.resolve(file: newline, environment: env) }
        #expect(throws: LockedBundlePassphrase.SourceError.missing) { try LockedBundlePassphrase.resolve(file: nil, environment: ["PATH": "/bin"]) }
        #expect(throws: LockedBundlePassphrase.SourceError.emptyEnvironment) {
            try LockedBundlePassphrase.resolve(file: nil, environment: ["TRUSTPRESS_PASSPHRASE": ""])
        }
        let missing = folder.appendingPathComponent("absent").path
        do {
            _ = try LockedBundlePassphrase.resolve(file: missing, environment: env)
            Issue.record("a missing file must be an error")
        } catch {
            guard case .unreadable(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == missing)
            #expect(error.description.hasPrefix("\(missing): the passphrase file cannot be read"))
        }
        #expect(LockedBundlePassphrase.SourceError.missing.description.contains("--passphrase-file PATH"))
        #expect(LockedBundlePassphrase.SourceError.missing.description.contains("TRUSTPRESS_PASSPHRASE"))
    }

    @Test("build writes <bundle>.locked.html and its checksum beside the bundle (with the zip too), never in public/; a build without it removes them")
    func builderWritesAndRemoves() async throws {
        let folder = try makeTemporaryFolder("locked-build")
        defer { removeTemporaryFolder(folder) }
        let output = folder.appendingPathComponent("Output")
        func options(_ passphrase: LockedBundlePassphrase?) -> Builder.Options {
            .init(content: Paths.fixture("mini-site"), contentDisplay: "mini-site", output: output, buildDate: testDate,
                  recipient: "Acme Corp", archive: true, passphrase: passphrase)
        }
        #expect(options(Self.passphrase).sidecarKinds == [.zip, .locked])
        let result = try await Builder(options: options(Self.passphrase)).build()
        #expect(result.sidecars.map(\.kind) == [.zip, .locked])
        let confidential = output.appendingPathComponent("confidential")
        let name = "\(result.bundleID).locked.html"
        let html = try Data(contentsOf: confidential.appendingPathComponent(name))
        let locked = try #require(result.sidecars.last)
        #expect(locked.fileName == name && locked.data == html)
        #expect(try Data(contentsOf: confidential.appendingPathComponent(name + ".sha256"))
            == Data("\(Hex.lowercase(SHA256.hash(data: html)))  \(name)\n".utf8))
        let decrypted = try Self.files(Self.decrypt(html, passphrase: "correct horse battery staple"))
        #expect(decrypted == Dictionary(uniqueKeysWithValues: result.bundleFiles.map { ($0.path, $0.contents) }))
        let publicNames = try FileManager.default.subpathsOfDirectory(atPath: output.appendingPathComponent("public").path)
        #expect(!publicNames.contains { $0.contains("locked") })
        _ = try await Builder(options: options(nil)).build()
        #expect(!FileManager.default.fileExists(atPath: confidential.appendingPathComponent(name).path))
        #expect(!FileManager.default.fileExists(atPath: confidential.appendingPathComponent(name + ".sha256").path))
        #expect(FileManager.default.fileExists(atPath: confidential.appendingPathComponent("\(result.bundleID).zip").path))
    }

    @Test("The canary site: no canary in the locked file, every canary in what it decrypts to")
    func canaries() async throws {
        let result = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site").render()
        let html = try LockedBundle.seal(bundleID: result.bundleID, files: result.bundleFiles, passphrase: Self.passphrase)
        #expect(html.range(of: Data("CANARY".utf8)) == nil)
        #expect(!String(decoding: html, as: UTF8.self).lowercased().contains("canary-"))
        let decrypted = try Self.files(Self.decrypt(html, passphrase: "correct horse battery staple"))
        #expect(decrypted == Dictionary(uniqueKeysWithValues: result.bundleFiles.map { ($0.path, $0.contents) }))
        let text = decrypted.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        let canaries = try LeakTests.plantedCanaries()
        #expect(canaries.count > 100)
        for canary in canaries.sorted() { #expect(text.contains(canary), "\(canary) is missing from the locked bundle") }
    }
}
