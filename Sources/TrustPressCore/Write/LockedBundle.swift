import _CryptoExtras
import Crypto
import Foundation

/// The passphrase a locked bundle is encrypted under (`build --encrypt`): its UTF-8 bytes, exactly
/// as read, with no Unicode normalisation (the browser encodes what is typed with `TextEncoder`).
///
/// It is read from `--passphrase-file` or the environment variable `TRUSTPRESS_PASSPHRASE`, never
/// from a command-line argument (other users of the machine can read every process's arguments).
public struct LockedBundlePassphrase: Sendable, Equatable {
    /// The passphrase's bytes (UTF-8 of the file or the variable); never empty.
    public let bytes: Data

    /// The environment variable read when no `--passphrase-file` is given.
    public static let environmentVariable = "TRUSTPRESS_PASSPHRASE"

    /// Why no passphrase could be read; `description` says what to do.
    public enum SourceError: Error, Equatable, CustomStringConvertible {
        /// Neither `--passphrase-file` nor `TRUSTPRESS_PASSPHRASE`.
        case missing
        /// The file (as named on the command line) holds nothing but, at most, one newline.
        case emptyFile(String)
        /// The file cannot be read: its name and the reason.
        case unreadable(String, String)
        /// `TRUSTPRESS_PASSPHRASE` is set but empty.
        case emptyEnvironment

        public var description: String {
            switch self {
            case .missing:
                return "--encrypt needs a passphrase: give --passphrase-file PATH (a file holding it on one line) or set the environment variable \(LockedBundlePassphrase.environmentVariable); it is never taken as a command-line argument"
            case .emptyFile(let path):
                return "\(path): the passphrase file is empty; write the passphrase on its first line"
            case .unreadable(let path, let reason):
                return "\(path): the passphrase file cannot be read: \(reason)"
            case .emptyEnvironment:
                return "\(LockedBundlePassphrase.environmentVariable) is empty; set it to the passphrase, or give --passphrase-file PATH"
            }
        }
    }

    /// A passphrase of the given bytes.
    /// - Throws: `SourceError.emptyEnvironment` when `bytes` is empty (an empty key is no lock).
    public init(_ bytes: Data) throws(SourceError) {
        guard !bytes.isEmpty else { throw .emptyEnvironment }
        self.bytes = bytes
    }

    /// The passphrase from `file` (its contents, one trailing `\n` or `\r\n` removed) if given, else
    /// from `environment[TRUSTPRESS_PASSPHRASE]`; the file wins when both are set.
    /// - Parameters:
    ///   - file: the path of `--passphrase-file`, as typed (relative to the working folder).
    ///   - environment: the process environment (`ProcessInfo.processInfo.environment`).
    /// - Throws: `SourceError` when neither is given, the one used is empty, or the file cannot be read.
    public static func resolve(file: String?, environment: [String: String]) throws(SourceError) -> Self {
        if let file {
            var data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw .unreadable(file, (error as NSError).localizedDescription)
            }
            if data.last == UInt8(ascii: "\n") {
                data.removeLast()
                if data.last == UInt8(ascii: "\r") { data.removeLast() }
            }
            guard !data.isEmpty else { throw .emptyFile(file) }
            return try Self(data)
        }
        guard let value = environment[environmentVariable] else { throw .missing }
        return try Self(Data(value.utf8))
    }
}

/// `confidential/<bundle id>.locked.html` (`build --encrypt`): the whole bundle folder in one
/// self-contained HTML file, encrypted, that decrypts itself in the browser (Web Crypto) when given
/// the passphrase, and makes no network request.
///
/// Layout (docs/locked-bundle.md is the reference): the plaintext is the JSON object
/// `{"bundle": id, "files": {path: base64 of the file}, "format": "trustpress-locked-bundle/1",
/// "start": "index.html"}` (keys sorted, UTF-8); it is encrypted with AES-256-GCM (12-byte random
/// nonce, no associated data) under the 32-byte key PBKDF2-HMAC-SHA256(passphrase, 16-byte random
/// salt, 600,000 iterations). The HTML carries the parameters in
/// `<script type="application/json" id="trustpress-locked-bundle">` as standard base64 (`salt`,
/// `nonce`, `ciphertext` = the GCM ciphertext followed by its 16-byte tag).
///
/// The plaintext is byte-identical for the same files; the file is not (a fresh salt and nonce
/// each build: a fixed pair would reuse a GCM nonce under one key).
public enum LockedBundle {
    /// PBKDF2-HMAC-SHA256 iterations: 600,000, OWASP's Password Storage Cheat Sheet figure for it.
    public static let iterations = 600_000
    /// Bytes of random salt (16) and of random AES-GCM nonce (12, GCM's native size).
    public static let saltByteCount = 16, nonceByteCount = 12
    /// The `format` field of the plaintext and of the envelope.
    public static let format = "trustpress-locked-bundle/1"
    /// The `id` of the `<script type="application/json">` element holding the envelope.
    public static let envelopeElementID = "trustpress-locked-bundle"

    /// The file name beside the bundle folder: `<bundle id>.locked.html`.
    public static func fileName(bundleID: String) -> String { BundleSidecarKind.locked.fileName(bundleID: bundleID) }

    /// The plaintext that is encrypted: the JSON object of the type's documentation, keys sorted
    /// (so the same files always give the same bytes).
    public static func plaintext(bundleID: String, files: [RenderedFile]) -> Data {
        struct Plain: Encodable {
            let bundle: String
            let files: [String: String]
            let format: String
            let start: String
        }
        let plain = Plain(bundle: bundleID,
                          files: Dictionary(files.map { ($0.path, $0.contents.base64EncodedString()) }, uniquingKeysWith: { a, _ in a }),
                          format: format, start: "index.html")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and a string dictionary always encode.
        return (try? encoder.encode(plain)) ?? Data()
    }

    /// The key for `passphrase` and `salt`: PBKDF2-HMAC-SHA256, `iterations` rounds, 32 bytes (swift-crypto).
    /// - Throws: swift-crypto's error (none is expected for these parameters).
    public static func key(passphrase: LockedBundlePassphrase, salt: some DataProtocol, iterations: Int = iterations) throws -> SymmetricKey {
        try KDF.Insecure.PBKDF2.deriveKey(from: passphrase.bytes, salt: salt, using: .sha256, outputByteCount: 32, rounds: iterations)
    }

    /// The locked HTML file for `files` (paths relative to the bundle folder).
    /// - Parameters:
    ///   - salt, nonce: nil (the default) for fresh random ones, as every build must; tests pass fixed ones.
    /// - Throws: swift-crypto's error when the key cannot be derived or AES-GCM fails (none expected).
    public static func seal(bundleID: String, files: [RenderedFile], passphrase: LockedBundlePassphrase,
                            salt: [UInt8]? = nil, nonce: [UInt8]? = nil) throws -> Data {
        let salt = salt ?? Array(SymmetricKey(size: .init(bitCount: saltByteCount * 8)).withUnsafeBytes { Data($0) })
        let key = try key(passphrase: passphrase, salt: salt)
        let gcmNonce = try nonce.map { try AES.GCM.Nonce(data: $0) } ?? AES.GCM.Nonce()
        let box = try AES.GCM.seal(plaintext(bundleID: bundleID, files: files), using: key, nonce: gcmNonce)
        let envelope = """
            {"cipher":"AES-256-GCM","ciphertext":"\((box.ciphertext + box.tag).base64EncodedString())",\
            "format":"\(format)","hash":"SHA-256","iterations":\(iterations),"kdf":"PBKDF2",\
            "nonce":"\(Data(gcmNonce).base64EncodedString())","salt":"\(Data(salt).base64EncodedString())"}
            """
        return Data(html(bundleID: bundleID, envelope: envelope).utf8)
    }

    /// `'sha256-<base64>'` of the viewer script, as the CSP lists it.
    static var scriptHash: String { "'sha256-" + Data(SHA256.hash(data: Data(viewerScript.utf8))).base64EncodedString() + "'" }

    /// What the page's Content-Security-Policy allows: nothing from the network; the viewer script
    /// by its hash; the bundle's own styles (inline, and its stylesheets as blob: URLs), images and
    /// fonts as blob: URLs (and the empty `data:` icon that keeps a browser from asking a host for
    /// /favicon.ico).
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src \(scriptHash); style-src 'unsafe-inline' blob:; img-src blob: data:; font-src blob:; base-uri 'none'; form-action 'none'"
    }

    static func html(bundleID: String, envelope: String) -> String {
        let id = bundleID.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>Locked report bundle \(id)</title>
            <link rel="icon" href="data:,">
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 10vh auto; padding: 0 1rem; color: #1f2328; background: #fff; }
            @media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } input { color: inherit; background: #161b22; } }
            label { display: block; font-weight: 600; margin-bottom: .25rem; }
            input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #8c959f; border-radius: 4px; }
            button { font: inherit; margin-top: .75rem; padding: .5rem 1rem; }
            #message { min-height: 1.5em; font-weight: 600; }
            #message.error { color: #cf222e; }
            </style>
            </head>
            <body>
            <main>
            <h1>Locked report bundle</h1>
            <p>Bundle <code>\(id)</code> is encrypted (AES-256-GCM). Enter the passphrase you were sent separately; the bundle is decrypted in this browser and nothing is sent anywhere.</p>
            <form id="unlock">
            <label for="passphrase">Passphrase</label>
            <input id="passphrase" type="password" autocomplete="off" required autofocus>
            <button id="open" type="submit">Open the bundle</button>
            </form>
            <p id="message" role="status" aria-live="polite"></p>
            <noscript><p>Opening the bundle needs JavaScript.</p></noscript>
            </main>
            <script type="application/json" id="\(envelopeElementID)">\(envelope)</script>
            <script>\(viewerScript)</script>
            </body>
            </html>

            """
    }

    /// The viewer: derives the key (PBKDF2), decrypts (AES-GCM) with Web Crypto, then shows the
    /// bundle's pages in place of this document, its links rewritten to `#/<path>` routes and its
    /// other files to blob: URLs. Its SHA-256 is in the CSP, so not a byte may change unhashed.
    static let viewerScript = #"""

    (() => {
      "use strict";
      const $ = (id) => document.getElementById(id);
      const envelope = JSON.parse($("trustpress-locked-bundle").textContent);
      const form = $("unlock"), input = $("passphrase"), button = $("open"), message = $("message");
      const say = (text, error) => { message.textContent = text; message.className = error ? "error" : ""; };
      const base64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      const TYPES = { html: "text/html", css: "text/css", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg",
        jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", ico: "image/x-icon", json: "application/json",
        csv: "text/csv", txt: "text/plain", md: "text/markdown", pdf: "application/pdf", woff: "font/woff", woff2: "font/woff2" };
      const typeOf = (path) => TYPES[path.slice(path.lastIndexOf(".") + 1).toLowerCase()] || "application/octet-stream";
      const ROOT = "https://bundle.invalid/";
      let files = null, start = "index.html", current = null;
      const blobs = new Map();

      if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
        say("This browser offers no Web Crypto here: open the file from disk (file://) or from an HTTPS address, in a current browser.", true);
        button.disabled = true;
        return;
      }

      // A reference in the page at `from` → {path, fragment} of a bundle file, or null (outside the bundle).
      const resolve = (ref, from) => {
        let url;
        try { url = new URL(ref, ROOT + from); } catch (e) { return null; }
        if (url.origin + "/" !== ROOT) return null;
        let path;
        try { path = decodeURIComponent(url.pathname.slice(1)); } catch (e) { return null; }
        if (path === "" || path.endsWith("/")) path += "index.html";
        return Object.prototype.hasOwnProperty.call(files, path) ? { path, fragment: url.hash.slice(1) } : null;
      };
      const text = (path) => new TextDecoder().decode(base64(files[path]));
      const blobURL = (path) => {
        if (!blobs.has(path)) {
          const body = typeOf(path) === "text/css"
            ? text(path).replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (all, quote, ref) => {
                const target = resolve(ref, path);
                return target ? "url(" + blobURL(target.path) + ")" : all;
              })
            : base64(files[path]);
          blobs.set(path, URL.createObjectURL(new Blob([body], { type: typeOf(path) })));
        }
        return blobs.get(path);
      };
      const route = (path, fragment) => "#/" + encodeURI(path) + (fragment ? "#" + fragment : "");

      const show = (path) => {
        const page = new DOMParser().parseFromString(text(path), "text/html");
        page.querySelectorAll("script").forEach((s) => s.remove());
        for (const element of page.querySelectorAll("[href], [src]")) {
          for (const attribute of ["href", "src"]) {
            const value = element.getAttribute(attribute);
            if (value === null) continue;
            const target = resolve(value, path);
            if (!target) continue;
            if (element.localName === "a" && typeOf(target.path) === "text/html") {
              element.setAttribute(attribute, route(target.path, target.fragment));
            } else {
              element.setAttribute(attribute, blobURL(target.path));
              if (element.localName === "a") element.setAttribute("download", target.path.split("/").pop());
            }
          }
        }
        for (const element of page.querySelectorAll("[srcset]")) {
          element.setAttribute("srcset", element.getAttribute("srcset").split(",").map((candidate) => {
            const [ref, ...rest] = candidate.trim().split(/\s+/);
            const target = resolve(ref, path);
            return [target ? blobURL(target.path) : ref, ...rest].join(" ");
          }).join(", "));
        }
        document.replaceChild(document.adoptNode(page.documentElement), document.documentElement);
        current = path;
      };

      const navigate = () => {
        let hash = location.hash.slice(1), path = start, fragment = "";
        if (hash.startsWith("/")) {
          const cut = hash.indexOf("#", 1);
          let target = cut < 0 ? hash.slice(1) : hash.slice(1, cut);
          try { target = decodeURI(target); } catch (e) { target = ""; }
          if (Object.prototype.hasOwnProperty.call(files, target)) path = target;
          fragment = cut < 0 ? "" : hash.slice(cut + 1);
        }
        const changed = path !== current;
        if (changed) show(path);
        const anchor = fragment && document.getElementById(decodeURIComponent(fragment));
        if (anchor) anchor.scrollIntoView(); else if (changed) window.scrollTo(0, 0);
      };

      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        button.disabled = true;
        say("Deriving the key and decrypting…", false);
        try {
          const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(input.value), "PBKDF2", false, ["deriveBits"]);
          const bits = await crypto.subtle.deriveBits(
            { name: "PBKDF2", hash: envelope.hash, salt: base64(envelope.salt), iterations: envelope.iterations }, material, 256);
          const key = await crypto.subtle.importKey("raw", bits, "AES-GCM", false, ["decrypt"]);
          let plain;
          try {
            plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64(envelope.nonce) }, key, base64(envelope.ciphertext));
          } catch (e) {
            say("Wrong passphrase: the bundle did not decrypt (its AES-GCM authentication tag does not match). Check the passphrase and try again.", true);
            input.select();
            return;
          }
          const bundle = JSON.parse(new TextDecoder().decode(plain));
          files = bundle.files;
          if (Object.prototype.hasOwnProperty.call(files, bundle.start)) start = bundle.start;
          window.addEventListener("hashchange", navigate);
          navigate();
        } catch (e) {
          say("The bundle cannot be opened: " + e, true);
        } finally {
          button.disabled = false;
        }
      });
    })();

    """#
}
