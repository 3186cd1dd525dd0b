import Foundation

/// The whole pipeline: load → validate → model → project (public / confidential) → render →
/// leak audit → write.
///
/// Nothing is written unless every earlier stage succeeded without errors.
public struct Builder {
    public struct Options: Sendable {
        /// The content folder, e.g. `Content`.
        public var content: URL
        /// How the content folder is named in diagnostics (as the user typed it).
        public var contentDisplay: String
        /// A folder whose templates and assets override the built-in theme file by file
        /// (`--templates`); nil for `theme:` in site.yaml, or else the built-in theme alone.
        /// When both are given, this one wins.
        public var templates: URL?
        /// How the override folder is named in diagnostics.
        public var templatesDisplay: String
        public var output: URL
        /// How the output folder is named in diagnostics.
        public var outputDisplay: String
        /// The date every status is judged against; never read from the clock here.
        public var buildDate: CalendarDate
        public var recipient: String?
        public var ndaReference: String?
        /// The bundle's last day of validity, shown on it (`BundleValidity.validUntil` checks the
        /// command line's `--expires` / `--valid-days`); nil for none.
        public var validUntil: CalendarDate?
        public var force: Bool
        /// Warnings fail the build as errors do (`--strict`): nothing is written. An expired
        /// certificate, published as expired by default, is then an error again.
        public var strict: Bool = false
        /// Also write `confidential/<bundle>.zip` and its `.zip.sha256` (`--archive`; see `BundleArchive`).
        public var archive: Bool = false
        /// Also write `confidential/<bundle>.pdf` and its `.pdf.sha256` (`--pdf`): the whole bundle
        /// as one PDF, printed by headless Chromium (`BundleDocument`, `ChromiumPDF`).
        public var pdf: Bool = false
        /// The Chromium to print with (`--chromium`: a path, or a name on `PATH`); nil looks for
        /// `ChromiumPDF.names` on `PATH`.
        public var chromium: String?
        /// With a passphrase, also write `confidential/<bundle>.locked.html` and its `.sha256`
        /// (`--encrypt`; see `LockedBundle`): the bundle encrypted under it. Nil: no locked file.
        public var passphrase: LockedBundlePassphrase?

        public init(content: URL, contentDisplay: String, templates: URL? = nil, templatesDisplay: String? = nil, output: URL,
                    outputDisplay: String? = nil, buildDate: CalendarDate, recipient: String? = nil, ndaReference: String? = nil,
                    validUntil: CalendarDate? = nil, force: Bool = false, strict: Bool = false, archive: Bool = false,
                    passphrase: LockedBundlePassphrase? = nil, pdf: Bool = false, chromium: String? = nil) {
            self.content = content
            self.contentDisplay = contentDisplay
            self.templates = templates
            self.templatesDisplay = templatesDisplay ?? templates?.path ?? ""
            self.output = output
            self.outputDisplay = outputDisplay ?? output.path
            self.buildDate = buildDate
            self.recipient = recipient
            self.ndaReference = ndaReference
            self.validUntil = validUntil
            self.force = force
            self.strict = strict
            self.archive = archive
            self.passphrase = passphrase
            self.pdf = pdf
            self.chromium = chromium
        }

        /// The files this build writes beside the bundle folder (`BundleSidecarKind`); a build
        /// removes TrustPress's files of the other kinds for the bundle it rebuilds.
        public var sidecarKinds: [BundleSidecarKind] {
            (archive ? [.zip] : []) + (pdf ? [.pdf] : []) + (passphrase != nil ? [.locked] : [])
        }
    }

    /// What a build produced.
    public struct Result: Sendable {
        /// Warnings and notes (errors abort the build).
        public var diagnostics: [Diagnostic]
        public var publicFiles: [RenderedFile]
        public var bundleFiles: [RenderedFile]
        public var bundleID: String
        /// The theme override folder the build used (`--templates`, else `theme:`), if any.
        public var themeFolder: URL?
        /// The bundle's zip and its SHA-256, when the build wrote one (`archive`).
        public var archive: BundleArchive?
        /// Every file the build wrote beside the bundle folder, in `BundleSidecarKind` order (the
        /// zip's, the PDF and the locked file among them).
        public var sidecars: [BundleSidecar] = []
        /// The bundle's pages in reading order (`BundleRenderer.pageOrder`), as its one-document
        /// form (`BundleDocument`, `--pdf`) puts them.
        public var bundlePages: [String] = []
    }

    /// The folder overriding the built-in theme, and its display name: `--templates` if given, else
    /// `theme:` of site.yaml (relative to the content folder), else none.
    func themeOverrides(_ site: SiteConfig?) -> (folder: URL, display: String)? {
        if let folder = options.templates { return (folder, options.templatesDisplay) }
        guard let theme = site?.theme else { return nil }
        if theme.hasPrefix("/") { return (URL(fileURLWithPath: theme), theme) }
        let display = options.contentDisplay.isEmpty || options.contentDisplay == "." ? theme : options.contentDisplay + "/" + theme
        return (options.content.appendingPathComponent(theme), display)
    }

    /// The pipeline's stages, reported as each starts (for progress on a terminal).
    public enum Stage: String, Sendable, CaseIterable {
        case load = "Reading content"
        case validate = "Validating"
        case model = "Modelling"
        case render = "Rendering the public site"
        case audit = "Auditing the public site for leaks"
        case renderBundle = "Rendering the confidential bundle"
        case write = "Writing"
        case done = "Done"
    }

    public let options: Options
    /// Called when a stage starts; nil by default (the CLI shows it on a terminal only).
    public var onStage: (@Sendable (Stage) -> Void)?

    public init(options: Options, onStage: (@Sendable (Stage) -> Void)? = nil) {
        self.options = options
        self.onStage = onStage
    }

    /// Loads, validates and models the content.
    /// - Returns: the model and the warnings.
    /// - Throws: `DiagnosticsError` with every diagnostic when any is an error.
    public func check() throws -> (TrustModel, [Diagnostic]) {
        var log = DiagnosticLog()
        onStage?(.load)
        let source = ContentLoader(root: options.content, displayRoot: options.contentDisplay,
                                   referenceDate: options.buildDate).load(log: &log)
        // Validate even after load errors, so one run reports every problem.
        onStage?(.validate)
        Validator(source: source, buildDate: options.buildDate).validate(log: &log)
        try log.throwIfErrors()
        if options.strict, log.all.contains(where: { $0.severity == .warning }) { throw DiagnosticsError(log.all.sorted()) }
        onStage?(.model)
        return (ModelBuilder.build(source, buildDate: options.buildDate), log.all.sorted())
    }

    /// Loads the theme a build would use (the built-in one with the overrides of `--templates` or of
    /// `theme:` in `site`), so `check` reports a misspelt override or template variable as `build`
    /// would, without rendering anything.
    /// - Returns: the theme's diagnostics; empty when it loads.
    public func checkTheme(site: SiteConfig?) async -> [Diagnostic] {
        do {
            _ = try await loadTheme(site: site)
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            return [Diagnostic(path: themeOverrides(site)?.display ?? "", message: "the theme cannot be loaded: \(error)")]
        }
    }

    /// The built-in theme with the overrides `check` and `render` both use.
    /// - Throws: `DiagnosticsError` with every problem of the override folder.
    func loadTheme(site: SiteConfig?) async throws -> Templates {
        let theme = themeOverrides(site)
        return try await Templates.load(overrides: theme?.folder, displayPath: theme?.display ?? "",
                                        language: site?.languageCode ?? "en")
    }

    /// Renders both trees in memory without writing.
    public func render() async throws -> Result {
        let (model, checked) = try check()
        onStage?(.render)
        let theme = themeOverrides(model.site)
        let templates: Templates
        do {
            templates = try await loadTheme(site: model.site)
        } catch let error as DiagnosticsError {
            // The content's warnings still stand beside the theme's errors.
            throw DiagnosticsError((checked + error.diagnostics).sorted())
        }
        let publicSite = PublicSite(model)
        // Policy bodies both trees (and the audit) read, each parsed once.
        var bodies = PolicyBodies(site: publicSite, model: model, strings: templates.strings)
        let publicFiles = PublicRenderer(site: publicSite, templates: templates, bodies: bodies.publicHTML).render()
        bodies.publicHTML = [:]  // the pages hold their text: not kept through the audit and the bundle
        try templates.throwIfRenderFailed(checked)  // a recursive partial past its limits
        onStage?(.audit)
        let audit = LeakAudit.audit(model: model, publicTemplateText: Templates.builtInPublicTemplateText,
                                    userFiles: templates.userFiles,
                                    publicFiles: publicFiles, bundleBodies: bodies.bundleHTML, outputDisplay: options.outputDisplay)
        let diagnostics = (checked + audit).sorted()
        if audit.contains(where: { $0.severity == .error }) { throw DiagnosticsError(diagnostics) }
        onStage?(.renderBundle)
        let bundle = ConfidentialBundle(model: model, recipient: options.recipient, ndaReference: options.ndaReference,
                                        validUntil: options.validUntil)
        let bundleFiles = BundleRenderer(bundle: bundle, templates: templates, bodies: bodies.bundleHTML).render()  // manifest.json included
        try templates.throwIfRenderFailed(diagnostics)
        // Page names come from content (certificate numbers, framework ids, report dates, policy ids):
        // two items must never claim one file, or one page would silently replace the other.
        let collisions = Self.collisions(publicFiles, in: options.outputDisplay + "/public")
            + Self.collisions(bundleFiles, in: options.outputDisplay + "/confidential/" + bundle.bundleID)
        if !collisions.isEmpty { throw DiagnosticsError(diagnostics + collisions) }
        return Result(diagnostics: diagnostics, publicFiles: publicFiles,
                      bundleFiles: bundleFiles.sorted { $0.path < $1.path }, bundleID: bundle.bundleID,
                      themeFolder: theme?.folder, bundlePages: BundleRenderer(bundle: bundle, templates: templates).pageOrder)
    }

    static func collisions(_ files: [RenderedFile], in root: String) -> [Diagnostic] {
        Dictionary(grouping: files, by: { $0.path.lowercased() }).filter { $0.value.count > 1 }
            .keys.sorted().map { path in
                Diagnostic(path: root + "/" + path, message: "two pages would be written to this file",
                           notes: ["certificate numbers, framework ids, report dates and policy ids name the pages; make them distinct (case is ignored)"])
            }
    }

    /// The full build: render, then write both trees (each swapped in whole), and the files beside
    /// the bundle its options ask for (`Options.sidecarKinds`), each with its checksum.
    /// - Throws: `ChromiumPDF.Failure` with `pdf` when Chromium is not found (before anything is
    ///   read or written) or fails to print (nothing is written).
    public func build() async throws -> Result {
        // The PDF's printer is found first: without it, the build would fail after all its work.
        let printer = try options.pdf ? ChromiumPDF.locate(options.chromium) : nil
        let writer = OutputWriter(output: options.output, force: options.force,
                                  sources: [options.content] + (options.templates.map { [$0] } ?? []))
        try writer.checkSafe()
        // Held from the first read to the last write, on the resolved folder: a second build on this
        // output, under whatever name, fails at once. A failed build removes the lock file and folder
        // if it created them.
        let lock = try OutputLock(for: options.output)
        var wrote = false
        defer { lock.release(removingWhatItCreated: !wrote) }
        // A tree a killed build left in staging goes back first, whatever this build then does.
        try writer.recoverLeftovers()
        // A file, a link or a name too long where a tree goes: an error before any work.
        try writer.checkTargets(bundleID: ConfidentialBundle.bundleID(buildDate: options.buildDate, recipient: options.recipient),
                                sidecars: options.sidecarKinds)
        var result = try await render()
        // A theme named in site.yaml is known only now; the output must not be it or around it either.
        if let theme = result.themeFolder, theme != options.templates {
            try OutputWriter(output: options.output, force: options.force, sources: [theme]).checkSafe()
        }
        onStage?(.write)
        if options.archive {
            // From the very files the bundle folder is written from.
            do {
                result.archive = try BundleArchive(bundleID: result.bundleID, files: result.bundleFiles, buildDate: options.buildDate)
            } catch {
                throw OutputWriter.WriteError.io(options.outputDisplay + "/confidential/" + result.bundleID + ".zip", "cannot make the zip: \(error)")
            }
            result.sidecars.append(result.archive!.sidecar)
        }
        if let printer {
            // From the very files the bundle folder is written from, as one document.
            let pdf = try printer.print(BundleDocument(files: result.bundleFiles, order: result.bundlePages), buildDate: options.buildDate)
            result.sidecars.append(BundleSidecar(kind: .pdf, bundleID: result.bundleID, data: pdf))
        }
        if let passphrase = options.passphrase {
            // From the very files the bundle folder is written from; a fresh salt and nonce each build.
            let name = LockedBundle.fileName(bundleID: result.bundleID)
            do {
                let html = try LockedBundle.seal(bundleID: result.bundleID, files: result.bundleFiles, passphrase: passphrase)
                result.sidecars.append(BundleSidecar(kind: .locked, bundleID: result.bundleID, data: html))
            } catch {
                throw OutputWriter.WriteError.io(options.outputDisplay + "/confidential/" + name, "cannot encrypt the bundle: \(error)")
            }
        }
        try writer.write(public: result.publicFiles, bundleID: result.bundleID, bundle: result.bundleFiles, sidecars: result.sidecars)
        wrote = true
        onStage?(.done)
        return result
    }
}
