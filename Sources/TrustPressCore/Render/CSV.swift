import Foundation

/// CSV files for spreadsheets (the bundle's exports, `docs/exports.md`).
///
/// Format: RFC 4180 — records end in CRLF (the last one too), fields are separated by commas, and a
/// field holding a `"`, a comma, a CR or an LF is enclosed in double quotes with each `"` doubled. The
/// file is UTF-8 and begins with a byte-order mark, so Excel reads it as UTF-8 rather than in the
/// machine's ANSI code page (parsers that know the BOM, such as Python's `utf-8-sig`, drop it).
///
/// Formula injection: a cell whose first character is `=`, `+`, `-`, `@`, a tab (0x09) or a carriage
/// return (0x0D) would be run as a formula by Excel, LibreOffice or Google Sheets. Such a cell is
/// neutralised as OWASP's "CSV Injection" guidance describes
/// (https://owasp.org/www-community/attacks/CSV_Injection): a single quote is put before it, so the
/// spreadsheet shows it as text, and the field is enclosed in double quotes. The content is the
/// organization's own, but a justification or a procedure may be pasted from anywhere, and the file
/// is opened by the recipient.
enum CSV {
    /// U+FEFF, written once at the start of the file.
    static let byteOrderMark = "\u{FEFF}"

    /// The first characters that make a spreadsheet read a cell as a formula (OWASP).
    static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `cell` as a spreadsheet must receive it: with a `'` before it when its first character is a
    /// formula trigger, else unchanged. (The first Unicode scalar is checked, not the first
    /// `Character`: `"\r\n"` is one Character in Swift, and it starts with a carriage return.)
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, formulaTriggers.contains(first) else { return cell }
        return "'" + cell
    }

    /// One field of a record: neutralised, then quoted when it holds `"`, `,`, CR or LF, or was
    /// neutralised (OWASP: enclose such a field in quotes), with each `"` doubled.
    static func field(_ cell: String) -> String {
        let safe = neutralised(cell)
        let needsQuotes = safe != cell || safe.unicodeScalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields joined by commas, ended by CRLF.
    static func record(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    /// A whole file: the byte-order mark, the header record, then one record per row. Every row
    /// must have as many cells as the header (the callers build them from one column list).
    static func document(header: [String], rows: [[String]]) -> Data {
        var text = byteOrderMark + record(header)
        for row in rows {
            assert(row.count == header.count, "a CSV row has \(row.count) cells for \(header.count) columns")
            text += record(row)
        }
        return Data(text.utf8)
    }
}
