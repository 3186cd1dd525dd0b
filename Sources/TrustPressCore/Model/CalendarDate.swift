import Foundation

/// A calendar date (`YYYY-MM-DD`) with no time and no time zone, so it can never shift by a day.
///
/// Decoded from YAML text; YAML 1.1 timestamps are not used because they are converted to UTC instants.
/// Throws `DecodingError.dataCorrupted` for anything but a valid proleptic Gregorian date.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; returns nil for any other form or an impossible date (2026-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...CalendarDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    public init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The UTC calendar date of an instant given in seconds since 1970 (as in SOURCE_DATE_EPOCH).
    public init(secondsSince1970 seconds: Int) {
        // Civil-from-days (H. Hinnant's algorithm): exact, no Calendar or time zone involved.
        let z = Int((Double(seconds) / 86_400).rounded(.down)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// This date moved by `days` (may be negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(secondsSince1970: (daysSince1970 + days) * 86_400)
    }

    /// The same day `months` later, clamped to the month's last day (2026-01-31 + 1 month = 2026-02-28).
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let y = Int((Double(index) / 12).rounded(.down))
        let m = index - y * 12 + 1
        return CalendarDate(year: y, month: m, day: min(day, CalendarDate.daysIn(month: m, year: y)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int { other.daysSince1970 - daysSince1970 }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// "14 March 2025": the long form used on rendered pages (English month names, no locale).
    public var longForm: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August",
                     "September", "October", "November", "December"]
        return "\(day) \(names[month - 1]) \(year)"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Accepts `YYYY-MM-DD` or an RFC 3339 date-time (`2026-05-20T09:30:00+02:00`), whose date is
    /// taken as written: an offset never moves it to another day.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(yamlText: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(Excerpt.quoted(text)) is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)")
        }
        self = date
    }

    /// A date as content writes it: `YYYY-MM-DD`, or an RFC 3339 date-time whose date part is
    /// taken as written (never shifted to another time zone). Nil for anything else.
    init?(yamlText text: String) {
        if let date = CalendarDate(text) {
            self = date
        } else if text.count > 10, let date = CalendarDate(String(text.prefix(10))),
                  ["T", "t"].contains(text[text.index(text.startIndex, offsetBy: 10)]), RFC3339.date(text) != nil {
            self = date
        } else {
            return nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
