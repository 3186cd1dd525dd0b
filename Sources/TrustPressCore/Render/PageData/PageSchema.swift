import Mustache

/// The data one template (or one item of a list in it) receives: a Swift value whose variables are
/// declared once, in `schema`, with their kind and documentation. The same declaration answers
/// Mustache's look-ups while rendering (O(1), no `Mirror`), is what the template checker
/// (`TemplateVariables`) resolves names against, and is what `docs/templates.md` is generated from,
/// so the data, the checker and the documentation cannot drift apart.
public protocol PageData: MustacheParent, Sendable {
    /// Every variable of the type, in the order the documentation lists them.
    static var schema: Schema<Self> { get }
}

extension PageData {
    /// The variable `name`, nil when the type has none or its optional value is absent (Mustache then
    /// looks in the enclosing contexts, as it does for a dictionary without the key).
    public func child(named name: String) -> Any? { Self.schema.getters[name]?(self) }
}

/// What a variable holds, as the template checker and the documentation see it.
public indirect enum DataKind: Sendable, Equatable {
    /// Plain text, HTML-escaped by `{{name}}` unless the field says it is pre-escaped HTML.
    case text
    /// A whole number.
    case number
    /// True or false: `{{#name}}` shows its content when true and keeps the context.
    case bool
    /// A value that may be absent: `{{#name}}` shows its content only when present.
    case optional(DataKind)
    /// A list: `{{#name}}` repeats its content for each item, with the item as the context.
    case list(DataKind)
    /// A value with variables of its own: `{{#name}}` makes it the context; `name.field` reads one.
    case nested(DataType)

    /// The kind with any `optional` removed (what a present value is).
    var present: DataKind {
        if case let .optional(wrapped) = self { return wrapped.present }
        return self
    }

    /// How the documentation writes the kind: `text`, `list of certificate`, `optional number`.
    var label: String {
        switch self {
        case .text: "text"
        case .number: "number"
        case .bool: "true/false"
        case let .optional(wrapped): "optional " + wrapped.label
        case let .list(element): "list of " + element.label
        case let .nested(type): type.name
        }
    }
}

/// A type's variables, erased of the Swift type: what the checker and the documentation read.
public struct DataType: Sendable, Equatable {
    /// A short name, e.g. `certificate`, used in messages and as the heading in the documentation.
    public let name: String
    /// One sentence on what the value is.
    public let summary: String
    /// Its variables, in documentation order.
    public let fields: [DataField]

    /// The variable `name`, if the type has it.
    func field(_ name: String) -> DataField? { fields.first { $0.name == name } }

    public static func == (a: DataType, b: DataType) -> Bool { a.name == b.name && a.fields == b.fields }
}

/// One variable of a `DataType`.
public struct DataField: Sendable, Equatable {
    public let name: String
    public let kind: DataKind
    /// What it holds and its shape (e.g. "long-form date, 30 November 2026"), for template authors.
    public let doc: String
}

/// A `PageData` type's variables with the way to read each from a value.
public struct Schema<Data>: Sendable {
    public let type: DataType
    /// Variable name → its value in a given `Data` (nil when absent).
    let getters: [String: @Sendable (Data) -> Any?]

    /// - Precondition: no two fields share a name (a programming error, caught by the schema tests).
    init(_ name: String, _ summary: String, _ fields: [Field<Data>]) {
        type = DataType(name: name, summary: summary, fields: fields.map(\.info))
        getters = Dictionary(fields.map { ($0.info.name, $0.get) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One variable declared in a `Schema`: its name, documentation, and a getter whose Swift type
/// fixes the kind (each `field` overload maps one Swift type to one `DataKind`).
public struct Field<Data>: Sendable {
    let info: DataField
    let get: @Sendable (Data) -> Any?

    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> String, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .text, doc: doc), get: { get($0) })
    }
    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> String?, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .optional(.text), doc: doc), get: { get($0) })
    }
    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> Int, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .number, doc: doc), get: { get($0) })
    }
    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> Int?, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .optional(.number), doc: doc), get: { get($0) })
    }
    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> Bool, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .bool, doc: doc), get: { get($0) })
    }
    static func field(_ name: String, _ get: @escaping @Sendable (Data) -> [String], _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .list(.text), doc: doc), get: { get($0) })
    }
    static func field<T: PageData>(_ name: String, _ get: @escaping @Sendable (Data) -> T, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .nested(T.schema.type), doc: doc), get: { get($0) })
    }
    static func field<T: PageData>(_ name: String, _ get: @escaping @Sendable (Data) -> T?, _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .optional(.nested(T.schema.type)), doc: doc), get: { get($0) })
    }
    static func field<T: PageData>(_ name: String, _ get: @escaping @Sendable (Data) -> [T], _ doc: String) -> Field {
        Field(info: DataField(name: name, kind: .list(.nested(T.schema.type)), doc: doc), get: { get($0) })
    }
}

/// A page's own data together with the layout data every page of its kind shares (`root`,
/// `pageTitle`, `nav`, …): Mustache finds a name in the page first, then in the layout.
struct LayoutPage<Layout: PageData, Content: PageData>: MustacheParent, Sendable {
    let layout: Layout
    let content: Content

    func child(named name: String) -> Any? { content.child(named: name) ?? layout.child(named: name) }
}

/// Which data each page template receives: the schema the template checker checks each page
/// template (and every partial and parent it reaches) against, and the documentation lists.
public struct PageSchema: Sendable {
    /// The template's name, e.g. `public/policy`.
    public let template: String
    /// How messages name the page: `the policy page`, `the bundle's policy page`.
    public let label: String
    /// The layout data the page shares with its siblings, if it has any.
    public let layout: DataType?
    /// The page's own variables.
    public let page: DataType

    /// Everything a name can resolve to at the top of the page: the page's variables, then the layout's.
    var root: DataType {
        DataType(name: page.name, summary: page.summary, fields: page.fields + (layout?.fields ?? []))
    }

    /// Every page template TrustPress renders, public pages first, in the order of `Templates.required`.
    public static let all: [PageSchema] = {
        let pub = PublicLayoutData.schema.type, bundle = BundleLayoutData.schema.type
        return [
            PageSchema(template: "public/index", label: "the index page", layout: pub, page: PublicIndexPage.schema.type),
            PageSchema(template: "public/certification", label: "the certification page", layout: pub,
                       page: PublicCertificationPage.schema.type),
            PageSchema(template: "public/attestation", label: "the attestation page", layout: pub,
                       page: PublicAttestationPage.schema.type),
            PageSchema(template: "public/controls", label: "the controls page", layout: pub, page: PublicControlsPage.schema.type),
            PageSchema(template: "public/policies", label: "the policies page", layout: pub, page: PublicPoliciesPage.schema.type),
            PageSchema(template: "public/policy", label: "the policy page", layout: pub, page: PublicPolicyPage.schema.type),
            PageSchema(template: "public/subprocessors", label: "the subprocessors page", layout: pub,
                       page: PublicSubprocessorsPage.schema.type),
            PageSchema(template: "public/documents", label: "the documents page", layout: pub,
                       page: PublicDocumentsPage.schema.type),
            PageSchema(template: "public/updates", label: "the updates page", layout: pub, page: PublicUpdatesPage.schema.type),
            PageSchema(template: "public/faq", label: "the FAQ page", layout: pub, page: PublicFAQPage.schema.type),
            PageSchema(template: "public/404", label: "the 404 page", layout: nil, page: PublicNotFoundPage.schema.type),
            PageSchema(template: "confidential/cover", label: "the bundle's cover page", layout: bundle, page: BundleCoverPage.schema.type),
            PageSchema(template: "confidential/soa", label: "the bundle's soa page", layout: bundle, page: BundleSoAPage.schema.type),
            PageSchema(template: "confidential/attestation", label: "the bundle's attestation page", layout: bundle,
                       page: BundleAttestationPage.schema.type),
            PageSchema(template: "confidential/bridge-letter", label: "the bundle's bridge letter page", layout: bundle,
                       page: BundleBridgeLetterPage.schema.type),
            PageSchema(template: "confidential/matrix", label: "the bundle's matrix page", layout: bundle,
                       page: BundleMatrixPage.schema.type),
            PageSchema(template: "confidential/mapping", label: "the bundle's mapping page", layout: bundle,
                       page: BundleMappingPage.schema.type),
            PageSchema(template: "confidential/policies", label: "the bundle's policies page", layout: bundle,
                       page: BundlePoliciesPage.schema.type),
            PageSchema(template: "confidential/policy", label: "the bundle's policy page", layout: bundle,
                       page: BundlePolicyPage.schema.type),
        ]
    }()
}
