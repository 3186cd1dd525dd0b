import Foundation
import Testing
@testable import TrustPressCore

@Suite("Calendar dates")
struct CalendarDateTests {
    static let valid: [(String, Int, Int, Int)] = [
        ("2026-02-03", 2026, 2, 3),
        ("2026-11-30", 2026, 11, 30),
        ("2024-02-29", 2024, 2, 29),     // leap year
        ("2000-02-29", 2000, 2, 29),     // divisible by 400
        ("1970-01-01", 1970, 1, 1),
        ("2026-12-31", 2026, 12, 31),
        ("0001-01-01", 1, 1, 1),
    ]

    @Test("YYYY-MM-DD parses to its year, month and day", arguments: valid)
    func parsesValid(_ text: String, _ y: Int, _ m: Int, _ d: Int) throws {
        let date = try #require(CalendarDate(text))
        #expect((date.year, date.month, date.day) == (y, m, d))
        #expect(date.description == text, "round trip")
    }

    static let invalid = [
        "2026-2-3", "2026-02-3", "2026-2-03", "26-02-03", "02026-02-03",
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026/02/03", "2026-02-03T00:00:00Z", "2026-02-03 ", " 2026-02-03", "", "2026-02", "2026-02-03-",
        "-2026-02-03", "+202-02-03", "abcd-ef-gh", "2026-1a-03", "２０２６-02-03", "2026-٠٢-03",
    ]

    @Test("Other forms and impossible dates are rejected", arguments: invalid)
    func rejectsInvalid(_ text: String) {
        #expect(CalendarDate(text) == nil, "'\(text)' must not parse")
    }

    static let instants: [(Int, String)] = [
        (0, "1970-01-01"),
        (86_399, "1970-01-01"),
        (86_400, "1970-01-02"),
        (1_767_139_200, "2025-12-31"),
        (1_767_225_599, "2025-12-31"),
        (1_767_225_600, "2026-01-01"),
        (951_782_400, "2000-02-29"),
        (4_102_444_800, "2100-01-01"),
        (-1, "1969-12-31"),
        (-86_400, "1969-12-31"),
        (-86_401, "1969-12-30"),
        (-2_208_988_800, "1900-01-01"),
    ]

    @Test("Seconds since 1970 give the UTC calendar date", arguments: instants)
    func fromSeconds(_ seconds: Int, _ expected: String) {
        #expect(CalendarDate(secondsSince1970: seconds).description == expected)
    }

    @Test("Days since 1970 round-trip over four millennia")
    func daysRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CalendarDate(secondsSince1970: day * 86_400)
            #expect(date.daysSince1970 == day)
            #expect(CalendarDate(date.description) == date || date.year < 1 || date.year > 9999)
        }
        #expect(CalendarDate(year: 2026, month: 11, day: 30).daysSince1970 == 20_787)
    }

    static let monthSteps: [(String, Int, String)] = [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-05-31", 1, "2026-06-30"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-01-15", -1, "2025-12-15"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2026-11-30", 12, "2027-11-30"),
        ("2026-01-31", -13, "2024-12-31"),
        ("2026-01-31", 25, "2028-02-29"),
        ("2026-08-31", 0, "2026-08-31"),
        ("0001-01-15", -1, "0000-12-15"),
    ]

    @Test("Adding months keeps the day, clamped to the end of a shorter month", arguments: monthSteps)
    func addingMonths(_ start: String, _ months: Int, _ expected: String) throws {
        let date = try #require(CalendarDate(start))
        #expect(date.adding(months: months).description == expected)
    }

    @Test("Adding days crosses month, year and leap-day boundaries")
    func addingDays() throws {
        let cases: [(String, Int, String)] = [
            ("2024-02-28", 1, "2024-02-29"), ("2024-02-29", 1, "2024-03-01"), ("2026-12-31", 1, "2027-01-01"),
            ("1970-01-01", -1, "1969-12-31"), ("2026-11-30", 90, "2027-02-28"),
        ]
        for (start, days, expected) in cases {
            #expect(try #require(CalendarDate(start)).adding(days: days).description == expected)
        }
        let a = try #require(CalendarDate("2026-11-30")), b = try #require(CalendarDate("2027-02-28"))
        #expect(a.days(until: b) == 90)
        #expect(b.days(until: a) == -90)
    }

    @Test("Dates compare chronologically and print a long form without a locale")
    func comparisonAndLongForm() throws {
        let early = try #require(CalendarDate("2025-12-31")), late = try #require(CalendarDate("2026-01-01"))
        #expect(early < late)
        #expect(!(late < early))
        #expect(CalendarDate(year: 2025, month: 3, day: 14).longForm == "14 March 2025")
        #expect(CalendarDate(year: 2026, month: 11, day: 30).longForm == "30 November 2026")
    }

    @Test("A certificate is expiring within 90 days of the build date (inclusive), expired the day after it expires")
    func certificateStanding() throws {
        let expires = try #require(CalendarDate("2027-02-28"))
        #expect(CertificateStanding.of(expires: expires, on: try #require(CalendarDate("2026-11-29"))) == .valid)
        #expect(CertificateStanding.of(expires: expires, on: try #require(CalendarDate("2026-11-30"))) == .expiring)
        #expect(CertificateStanding.of(expires: expires, on: expires) == .expiring)
        #expect(CertificateStanding.of(expires: expires, on: expires.adding(days: 1)) == .expired)
    }
}
