/// Lowercase hexadecimal, two digits a byte (digests in the manifest, the lock file's name, bundle ids).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// e.g. `[0x0f, 0xa0]` → `"0fa0"`.
    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
