#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether `needle` occurs in this string's UTF-8 bytes: exact bytes, no Unicode equivalence.
    ///
    /// Unlike `contains(_:)` it also finds a needle inside a grapheme cluster, and unlike it, it does
    /// not find canonically equivalent spellings (U+212A KELVIN SIGN for "K"); callers that must
    /// catch those check them too. Foundation's `contains` costs far more on long bodies.
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
