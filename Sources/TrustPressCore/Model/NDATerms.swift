/// `nda.md`: the terms under which the NDA bundle is shared, in Markdown, shown on the bundle's
/// cover. Optional. Confidential by nature: only the bundle shows it (the public projection has no
/// field for it, and the leak audit looks for its sentences in every public file).
public struct NDATerms: Sendable, Equatable {
    /// The Markdown as written (no front matter).
    public let markdown: String
    /// The file, as diagnostics name it (`Content/nda.md`).
    public let path: String
}
