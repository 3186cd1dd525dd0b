import ArgumentParser
import Foundation
import TrustPressCore

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content, then write the public site and the NDA bundle.",
        discussion: """
        Examples:
          trustpress build
          trustpress build --recipient "Acme Corp" --nda NDA-2026-114 --date 2026-11-30
          trustpress build --recipient "Acme Corp" --nda NDA-2026-114 --valid-days 90 --archive
          trustpress build --recipient "Acme Corp" --nda NDA-2026-114 --expires 2027-02-28 --pdf
          trustpress build --recipient "Acme Corp" --encrypt --passphrase-file pass.txt

        Each tree is built in a staging folder and swapped in whole (one atomic exchange on Linux), so a failed or killed build leaves the previous output as it was, and the next build recovers a tree a killed one left in staging. Both trees are written before either is swapped, and a file, a symbolic link or a name over 255 bytes where one goes is an error naming the path (exit 2) while both are still as they were. A lock file inside the output folder (.trustpress-lock) lets one build at a time write there, whatever path names it; a second build exits 2 naming the other's process. A symbolic link inside the output folder is refused (exit 2). With --archive, the bundle's zip and its checksum file are staged and swapped in the same way, the checksum first; a zip there that TrustPress did not write (no checksum file of its own beside it) is replaced only with --force, and a build without --archive removes TrustPress's zip of the bundle it rebuilds. --pdf writes the whole bundle as one PDF (<bundle>.pdf and <bundle>.pdf.sha256) under the same rules; it needs headless Chromium (Debian: apt-get install chromium), found on PATH or given with --chromium, and makes no network request. --encrypt's locked file follows the same rules too.
        """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: ArgumentHelp(
        "Folder whose templates and assets/ files override the built-in theme, file by file (wins over 'theme:' in site.yaml).",
        discussion: "Copy only the templates you change; `trustpress theme export DIR` writes the built-in theme to start from."))
    var templates: String?

    @Option(help: "Output folder; receives public/ and confidential/<bundle>/.")
    var output = "Output"

    @Option(help: "Who receives the NDA bundle (names the bundle and marks every page; a name over 64 characters as a slug is cut, with a hash). Omit for an internal bundle.")
    var recipient: String?

    @Option(help: "Reference of the NDA the bundle is shared under.")
    var nda: String?

    @Option(help: ArgumentHelp("Last day the bundle is to be used, YYYY-MM-DD (not before the build date): shown on its cover, on every page and in manifest.json.",
                               discussion: "A static bundle cannot enforce the date: it is a statement to the recipient, not a lock."))
    var expires: String?

    @Option(help: "The bundle is valid for N days after the build date (instead of --expires).")
    var validDays: Int?

    @Flag(help: "Take over a non-empty output folder that TrustPress did not create (only public/, this bundle's folder, with --archive its zip, with --pdf its PDF and with --encrypt its locked file, each with its checksum, and TrustPress's staging folders are replaced; other files stay).")
    var force = false

    @Flag(help: ArgumentHelp(
        "Also write the bundle as <output>/confidential/<bundle>.zip, and its SHA-256 as <bundle>.zip.sha256 (printed too).",
        discussion: "The same content and date give the same bytes. Check it with: cd <output>/confidential && sha256sum -c <bundle>.zip.sha256"))
    var archive = false

    @Flag(help: ArgumentHelp(
        "Also write the whole bundle as one PDF, <output>/confidential/<bundle>.pdf, and its SHA-256 as <bundle>.pdf.sha256 (printed too).",
        discussion: "Cover, contents (with PDF bookmarks) and every page, each printed page marked as the bundle's pages are (running header and footer with CONFIDENTIAL, the recipient, the NDA reference, the bundle id, the dates and page N of M; the watermark). Printed by headless Chromium with no network request: a remote image is replaced by its alt text. The same content, date, Chromium and fonts give the same bytes."))
    var pdf = false

    @Option(name: .customLong("chromium"), help: ArgumentHelp(
        "The Chromium executable --pdf prints with (a path, or a name on PATH).",
        discussion: "Without it, chromium or chromium-browser is looked for on PATH; none found is an error (exit 2) before anything is written.",
        valueName: "path"))
    var chromium: String?

    @Flag(help: ArgumentHelp(
        "Also write the bundle as one encrypted, self-contained page, <output>/confidential/<bundle>.locked.html, and its SHA-256 as <bundle>.locked.html.sha256.",
        discussion: "AES-256-GCM under a key derived from the passphrase (PBKDF2-HMAC-SHA256, 600,000 iterations, random salt and nonce). It opens in a current browser from disk (file://) or an HTTPS host, asks for the passphrase and decrypts there; it makes no network request. The passphrase comes from --passphrase-file or the environment variable TRUSTPRESS_PASSPHRASE, never from the command line. Unlike every other output it differs from build to build (fresh salt and nonce); what it decrypts to does not. Format: docs/locked-bundle.md"))
    var encrypt = false

    @Option(help: ArgumentHelp(
        "File holding --encrypt's passphrase (one trailing newline is removed; an empty one is an error). Without it, the environment variable TRUSTPRESS_PASSPHRASE.",
        valueName: "path"))
    var passphraseFile: String?

    @Flag(help: "Treat warnings as errors: nothing is written (an expired certificate is then an error, as is an overdue policy review).")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print nothing but diagnostics (progress is shown only on a terminal anyway).")
    var quiet = false

    @Flag(help: "Print how long each stage took, on standard error (for finding what makes a build slow).")
    var timings = false

    func validate() throws {
        if passphraseFile != nil && !encrypt {
            throw ValidationError("--passphrase-file needs --encrypt: the passphrase is for the locked bundle")
        }
        if let recipient, recipient.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--recipient must name who receives the bundle")
        }
        if chromium != nil && !pdf {
            throw ValidationError("--chromium is the browser --pdf prints with: add --pdf")
        }
        if nda != nil && recipient == nil {
            throw ValidationError("--nda needs --recipient: a bundle shared under an NDA is made for someone")
        }
    }

    func run() async throws {
        let buildDate = try contentOptions.buildDate()
        let validUntil: CalendarDate?
        do {  // both flags, a bad or past date, a validity out of range: exit 2 before any work

            validUntil = try BundleValidity.validUntil(expires: expires, validDays: validDays, buildDate: buildDate)
        } catch {
            throw ValidationError(error.description)
        }
        // The passphrase is read before any work, so a missing one writes nothing (exit 2).
        var passphrase: LockedBundlePassphrase?
        if encrypt {
            do {
                passphrase = try LockedBundlePassphrase.resolve(file: passphraseFile, environment: ProcessInfo.processInfo.environment)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let builder = Builder(options: .init(
            content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
            templates: templates.map { URL(fileURLWithPath: $0) }, templatesDisplay: templates,
            output: URL(fileURLWithPath: output), outputDisplay: output, buildDate: buildDate,
            recipient: recipient, ndaReference: nda, validUntil: validUntil, force: force, strict: strict, archive: archive,
            passphrase: passphrase, pdf: pdf, chromium: chromium),
            onStage: Printer.stages(progress: !quiet, timings: timings))
        do {
            let result = try await builder.build()
            Printer.endProgress()
            Printer.print(result.diagnostics)
            if !quiet {
                print("Wrote \(result.publicFiles.count) public files to \(output)/public")
                print("Wrote \(result.bundleFiles.count) confidential files to \(output)/confidential/\(result.bundleID)")
                if let archive = result.archive {
                    print("Wrote \(output)/confidential/\(archive.fileName), SHA-256 \(archive.sha256) (in \(archive.checksumFileName))")
                }
                if let pdf = result.sidecars.first(where: { $0.kind == .pdf }) {
                    print("Wrote \(output)/confidential/\(pdf.fileName), SHA-256 \(pdf.sha256) (in \(pdf.checksumFileName))")
                }
                if let locked = result.sidecars.first(where: { $0.kind == .locked }) {
                    print("Wrote \(output)/confidential/\(locked.fileName), SHA-256 \(locked.sha256) (in \(locked.checksumFileName)); send the passphrase separately")
                }
            }
        } catch let error as DiagnosticsError {
            Printer.endProgress()
            Printer.print(error.diagnostics)
            Printer.summary(error.diagnostics)
            if !error.diagnostics.contains(where: { $0.severity == .error }) {
                StandardStream.error(Data("--strict: warnings fail the build; nothing was written.\n".utf8))
            }
            throw ExitCode(Status.contentErrors)
        } catch let error as ChromiumPDF.Failure {
            Printer.endProgress()
            StandardStream.error(Data("error: \(error)\n".utf8))
            throw ExitCode(Status.usage)
        } catch let error as OutputWriter.WriteError {
            Printer.endProgress()
            StandardStream.error(Data("\(error)\n".utf8))
            throw ExitCode(Status.usage)
        }
    }
}
