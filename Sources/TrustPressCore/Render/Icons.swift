/// The built-in icons of the home page's highlights (`highlights[].icon` in site.yaml): small
/// inline SVGs, 24×24, drawn with `currentColor` strokes so they follow the accent and the colour
/// scheme. Decorative (`aria-hidden`): the highlight's title says what it is.
public enum Icons {
    /// Icon name → the SVG's inner markup.
    static let shapes: [String: String] = [
        "lock": #"<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>"#,
        "key": #"<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9M17 6l3 3M15 8l2 2"/>"#,
        "shield": #"<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/><path d="M9 12l2 2 4-4"/>"#,
        "server": #"<rect x="4" y="4" width="16" height="7" rx="1.5"/><rect x="4" y="13" width="16" height="7" rx="1.5"/><path d="M8 7.5h.01M8 16.5h.01"/>"#,
        "eye": #"<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>"#,
        "users": #"<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.5-3.5 3-5.5 6.5-5.5s6 2 6.5 5.5"/><path d="M16 4.8a3.5 3.5 0 0 1 0 6.4M18 14.8c2 .8 3.2 2.5 3.5 5.2"/>"#,
        "cloud": #"<path d="M7 19a5 5 0 0 1-.5-10A6 6 0 0 1 18 8.5a4.5 4.5 0 0 1-.5 10.5z"/>"#,
        "bug": #"<rect x="7" y="8" width="10" height="12" rx="5"/><path d="M12 8v12M9 5l1.5 2M15 5l-1.5 2M3 13h4M17 13h4M4 8l3 2M20 8l-3 2M4 19l3-2M20 19l-3-2"/>"#,
        "code": #"<path d="M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16"/>"#,
        "check": #"<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>"#,
        "document": #"<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>"#,
        "globe": #"<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.5 3.5 6 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-6-3.5-9s1-6.5 3.5-9z"/>"#,
    ]

    /// Every icon name, sorted (for the docs and for did-you-mean).
    public static var names: [String] { shapes.keys.sorted() }

    /// The icon as an inline, decorative SVG element; nil for an unknown name (validation refused it).
    public static func svg(_ name: String) -> String? {
        guard let shape = shapes[name] else { return nil }
        return #"<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">"#
            + shape + "</svg>"
    }

    /// The lock beside NDA-only items.
    public static var lock: String { svg("lock")! }
}
