/// Rules for the content that dates public changes: subprocessor history (added, announced,
/// removed), updates and the FAQ (public by nature, so their links are checked like a public
/// policy's and a link to a confidential policy is an error).
extension Validator {
    func checkPublications(log: inout DiagnosticLog) {
        checkSubprocessorHistory(log: &log)
        checkStatusNotes(log: &log)
        checkUpdates(log: &log)
        if let faq = source.faq {
            if faq.entries.isEmpty {
                log.error(faq.path, 1, 1, "faq.md has no question: each question is a level-2 heading ('## Question?') followed by its answer",
                          notes: ["remove faq.md to publish no FAQ page"])
            }
            for entry in faq.entries where entry.question.isEmpty {
                log.error(faq.path, entry.line, 1, "a question heading is empty")
            }
            checkPublicMarkdown(faq.body, firstLine: 1, path: faq.path, atRoot: true, log: &log)
        }
        checkNDATerms(log: &log)
    }

    /// `nda.md`, shown on the bundle's cover: not empty, and its links checked as the FAQ's (it sits
    /// in the content folder too), except that a link to a confidential policy is fine there.
    private func checkNDATerms(log: inout DiagnosticLog) {
        guard let terms = source.ndaTerms else { return }
        if terms.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            log.error(terms.path, 1, 1, "nda.md is empty: it holds the terms shown on the bundle's cover",
                      notes: ["write the terms in Markdown, or remove nda.md to show none"])
        }
        checkPublicMarkdown(terms.markdown, firstLine: 1, path: terms.path, atRoot: true, inBundle: true, log: &log)
    }

    /// GDPR Art. 28(2): customers are told before a subprocessor starts. An upcoming one is allowed
    /// and needs the day it was announced; a removal is recorded once it has happened.
    private func checkSubprocessorHistory(log: inout DiagnosticLog) {
        guard let file = source.subprocessors else { return }
        let src = file.source
        var names: [String: Int] = [:]
        for (i, s) in file.value.subprocessors.enumerated() {
            let at: [PathKey] = ["subprocessors", .index(i)]
            if let first = names[s.name.lowercased()] {
                src.error(&log, at: at + ["name"], "subprocessor \(Excerpt.quoted(s.name)) is listed twice",
                          notes: ["first listed as entry \(first + 1); keep one entry per subprocessor"])
            } else {
                names[s.name.lowercased()] = i
            }
            if let announced = s.announced {
                if buildDate < announced {
                    src.error(&log, at: at + ["announced"], "announced \(announced) is after the build date \(buildDate)",
                              notes: ["'announced' is the day customers were told; set it when the notice goes out"])
                }
                if s.added < announced {
                    src.error(&log, at: at + ["announced"], "announced \(announced) is after the start date \(s.added) ('added')",
                              notes: ["notice comes before the change: announce it on or before 'added'"])
                }
            } else if s.isUpcoming(on: buildDate) {
                src.error(&log, at: at + ["added"], "subprocessor \(Excerpt.quoted(s.name)) starts on \(s.added), after the build date, but has no 'announced' date",
                          notes: ["an upcoming subprocessor is published as a notice: add 'announced: \(buildDate)' (the day customers are told)"])
            }
        }
        for (i, r) in (file.value.removed ?? []).enumerated() {
            let at: [PathKey] = ["removed", .index(i)]
            if buildDate < r.removed {
                src.error(&log, at: at + ["removed"], "removed \(r.removed) is after the build date \(buildDate)",
                          notes: ["a subprocessor still in use stays under 'subprocessors' until the day it is removed"])
            }
            if r.removed < r.added {
                src.error(&log, at: at + ["removed"], "removed \(r.removed) is before added \(r.added)")
            }
            if let url = r.website, !LinkScheme.isAllowed(url) || LinkScheme.scheme(of: url) == "mailto" {
                src.error(&log, at: at + ["website"], "\(Excerpt.quoted(url)) is not a valid https: or http: URL",
                          notes: ["write an absolute URL without spaces, e.g. website: https://fernwick.example/"])
            }
            for (key, text) in [("name", r.name), ("purpose", r.purpose), ("location", r.location ?? ""), ("data", r.data ?? "")]
            where !RedactionBlocks.fenceLines(in: text).isEmpty {
                src.error(&log, at: at + [.key(key)], "this line of '\(key)' looks like a redaction fence, but '\(key)' is shown on the public site, so it would be published as text; keep confidential text out of this field")
            }
        }
    }

    private func checkUpdates(log: inout DiagnosticLog) {
        for (update, src) in source.updates {
            if update.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                src.error(&log, at: ["title"], "'title' is empty; expected text")
            }
            if buildDate < update.date {
                src.error(&log, at: ["date"], "the update is dated \(update.date), after the build date \(buildDate)",
                          notes: ["an update is published on its date: add the file on that day, or date it today"])
            }
            // The id names the anchor on updates.html and the feed entry's tag URI (RFC 4151).
            if update.id.isEmpty || !update.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                log.error(update.path, 0, 0, "the file name \(Excerpt.quoted(update.id + ".md")) must use only ASCII letters, digits, '-' and '_' (it names the update's anchor and feed entry)")
            }
            for (key, text) in [("title", update.title), ("summary", update.summary ?? "")] where !RedactionBlocks.fenceLines(in: text).isEmpty {
                src.error(&log, at: [.key(key)], "this line of '\(key)' looks like a redaction fence, but an update is published in full")
            }
            checkPublicMarkdown(update.body, firstLine: update.bodyFirstLine, path: update.path, atRoot: false, log: &log)
        }
    }

    /// The link checks of a public policy body, for text published in full: every link form passes
    /// the scheme check (`LinkScheme`), relative links name an existing policy, and that policy must
    /// be public (this text has no access request to fall back on). `atRoot`: the file sits in the
    /// content folder itself (faq.md), so `policies/x.md` is how it links a policy; in `updates/` it is
    /// `../policies/x.md`, as from a policy.
    ///
    /// `inBundle`: the text is shown only in the NDA bundle (nda.md, on its cover), where every policy
    /// has its page, so a link to a confidential policy is fine.
    func checkPublicMarkdown(_ body: String, firstLine: Int, path: String, atRoot: Bool, inBundle: Bool = false,
                             log: inout DiagnosticLog) {
        let rawHTML = source.site?.value.allowsRawHTML ?? false
        let outline = Markdown.outline(of: body)
        for swallow in HTMLSanitizer.problems(in: body, outline: outline, rawHTML: rawHTML) {
            log.error(path, firstLine + swallow.line - 1, 1, swallow.message)
        }
        let visibility = Dictionary(source.policies.map { ($0.policy.fileName, $0.policy.visibility) }, uniquingKeysWith: { a, _ in a })
        let kind = inBundle ? "policy" : "public policy"
        let howTo = atRoot ? "link a \(kind) as 'policies/name.md'" : "link a \(kind) as '../policies/name.md'"
        for link in outline.links {
            let line = firstLine + link.line - 1, column = link.column, destination = link.destination
            if destination.isEmpty || destination.hasPrefix("#") { continue }
            if let scheme = LinkScheme.scheme(of: destination) {
                if !LinkScheme.allowed.contains(scheme) {
                    log.error(path, line, column, "\(Excerpt.quoted(destination)): only http:, https: and mailto: links are allowed")
                }
                continue
            }
            if link.isImage {
                log.error(path, line, column, "image \(Excerpt.quoted(destination)): images need an absolute https: URL; TrustPress does not copy image files")
                continue
            }
            if destination.hasPrefix("/") {
                log.error(path, line, column, "link to \(Excerpt.quoted(destination)) starts at the site root, which breaks under a sub-path and from file://",
                          notes: [howTo + ", anything else with an absolute https: URL"])
                continue
            }
            switch PolicyLink.parse(inContentFolder: atRoot ? "" : "updates/", destination) {
            case nil:
                log.error(path, line, column, "relative link to \(Excerpt.quoted(destination)), which is not a policy's Markdown file",
                          notes: [howTo + " (it is rewritten to its page), anything else with an absolute https: URL"])
            case let .policy(file, _):
                switch visibility[file] {
                case nil where !source.failedPolicyFiles.contains(file):
                    log.error(path, line, column, "link to \(Excerpt.quoted(destination)), but there is no policies/\(Excerpt.cut(file))",
                              notes: suggestion(file, visibility.keys))
                case .confidential? where !inBundle:
                    log.error(path, line, column, "link to the confidential policy \(Excerpt.quoted(file)) from text that is published in full",
                              notes: ["link the policies page or the access request instead, or make the policy public"])
                default: break
                }
            case .outsidePolicies:
                // Named as written: the resolved target is relative to policies/, not to this file.
                log.error(path, line, column, "link to \(Excerpt.quoted(destination)), which is not a policy; only links to policies/*.md are rewritten",
                          notes: ["link to the published page with an absolute https: URL instead"])
            }
        }
        for token in Markdown.Placeholder.all where body.contains(token) {
            log.error(path, firstLine, 1, "'\(token)' is reserved by TrustPress and may not appear here")
        }
    }
}

extension Validator {
    /// `status_note` is one short line beside a badge: no line break, at most 160 characters.
    func checkStatusNotes(log: inout DiagnosticLog) {
        for cert in source.certifications {
            guard let note = cert.value.statusNote else { continue }
            if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || note.contains(where: \.isNewline) || note.count > 160 {
                cert.source.error(&log, at: ["status_note"], "'status_note' must be one line of text, at most 160 characters",
                                  notes: ["e.g. status_note: Recertification audit scheduled for April 2027"])
            }
            if !RedactionBlocks.fenceLines(in: note).isEmpty {
                cert.source.error(&log, at: ["status_note"], "'status_note' looks like a redaction fence, but it is shown on the public site")
            }
        }
    }
}
