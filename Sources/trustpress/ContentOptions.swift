import ArgumentParser
import Foundation
import TrustPressCore

struct ContentOptions: ParsableArguments {
    @Option(help: "Folder holding site.yaml, policies/, controls/ … (see docs/content-format.md).")
    var content = "Content"

    @Option(help: ArgumentHelp("Build date, YYYY-MM-DD: every status (certificate validity, reviews) is judged against it.",
                               discussion: "Default: SOURCE_DATE_EPOCH if set, else today (UTC)."))
    var date: String?

    func buildDate() throws -> CalendarDate {
        if let date {
            guard let parsed = CalendarDate(date) else { throw ValidationError("--date '\(date)' is not a date; write YYYY-MM-DD, e.g. 2026-11-30") }
            return parsed
        }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int(epoch) else { throw ValidationError("SOURCE_DATE_EPOCH must be whole seconds, got '\(epoch)'") }
            return CalendarDate(secondsSince1970: seconds)
        }
        return CalendarDate(secondsSince1970: Int(Date().timeIntervalSince1970))
    }
}
