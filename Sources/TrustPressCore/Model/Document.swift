import Crypto
import Foundation

/// One file of the content's `documents/` folder (a PDF, a certificate scan …) with its description
/// from `documents.yaml`. Confidential unless described `visibility: public` (fail closed): a public
/// one is copied to the public site (`documents/<file>`), every one to the bundle.
public struct Document: Sendable, Equatable {
    /// What a document is (`kind:` in documents.yaml); anything else is an error, never a guess.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case soc2Report = "soc2-report"
        case isoCertificate = "iso-certificate"
        case pentestSummary = "pentest-summary"
        case insuranceCertificate = "insurance-certificate"
        case bridgeLetter = "bridge-letter"
        case other

        /// Where the public documents list files it (`PublicDocument.Kind`): certificates with the
        /// certificates, reports, summaries and letters with the reports.
        var listKind: PublicDocument.Kind {
            switch self {
            case .isoCertificate, .insuranceCertificate: .certificate
            case .soc2Report, .pentestSummary, .bridgeLetter: .report
            case .other: .other
            }
        }
    }

    /// Its name in `documents/`, e.g. `soc2-report-2026.pdf` (letters, digits, `.`, `_`, `-`).
    public let fileName: String
    public let title: String
    public let kind: Kind
    /// The document's own date (issued, signed, report date).
    public let date: CalendarDate
    /// The last day it is valid, if it has one (a certificate, an insurance policy).
    public let expires: CalendarDate?
    public let visibility: Visibility
    /// The file's bytes, as read (never through a symbolic link).
    public let data: Data
    /// Path of the file as shown in diagnostics (`Content/documents/x.pdf`).
    public let path: String

    /// SHA-256 (FIPS 180-4) of `data`, 64 lowercase hex digits: what the leak audit compares.
    public var sha256: String { Hex.lowercase(SHA256.hash(data: data)) }

    /// Where the file goes in either tree: `documents/<file name>`.
    public var outputPath: String { "documents/" + fileName }
}

/// One entry of `documents.yaml` (the key is the file name in `documents/`).
struct DocumentDescription: Codable, Sendable, Equatable {
    var title: String
    var kind: Document.Kind
    var date: CalendarDate
    var expires: CalendarDate?
    /// Absent: confidential.
    var visibility: Visibility?
}

extension Document.Kind: YAMLEnumeration {}
