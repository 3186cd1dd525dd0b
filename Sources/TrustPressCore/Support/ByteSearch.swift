#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether `needle` occurs in this string's UTF-8 bytes (no Unicode normalisation).
    ///
    /// For ASCII needles (link syntax, placeholders, line breaks) this finds every occurrence that
    /// `contains(_:)` finds and more (also inside a grapheme cluster), so the checks that use it err
    /// towards doing more work or reporting more. Foundation's `contains` costs far more on long bodies.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count > 0 else { return true }
                guard h.count >= n.count else { return false }
                // memchr for the first byte, memcmp for the rest (glibc's memmem is not in the Swift module).
                let base = h.baseAddress!, last = h.count - n.count
                var from = 0
                while from <= last {
                    guard let hit = memchr(base + from, Int32(n[0]), last - from + 1) else { return false }
                    let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + at, n.baseAddress!, n.count) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }
}
