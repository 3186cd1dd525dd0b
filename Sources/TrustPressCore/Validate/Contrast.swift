import Foundation

/// An sRGB colour written `#rrggbb`, with the colour math of WCAG 2.1 (relative luminance and
/// contrast ratio, success criterion 1.4.3) and a perceptual lightness scale (OKLab) to move a
/// colour towards one that passes without changing its hue.
public struct SRGBColor: Sendable, Equatable, CustomStringConvertible {
    /// 0…255 each.
    public let red: Int, green: Int, blue: Int

    public init(red: Int, green: Int, blue: Int) {
        self.red = min(max(red, 0), 255)
        self.green = min(max(green, 0), 255)
        self.blue = min(max(blue, 0), 255)
    }

    /// Parses `#rrggbb` (either case); nil for anything else (`#abc`, names, `rgb()`).
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#"),
              let value = Int(String(hex.dropFirst()), radix: 16),
              hex.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        self.init(red: value >> 16 & 0xff, green: value >> 8 & 0xff, blue: value & 0xff)
    }

    /// `#rrggbb`, lower case.
    public var description: String {
        "#" + [red, green, blue].map { String(format: "%02x", $0) }.joined()
    }

    public static let white = SRGBColor(red: 255, green: 255, blue: 255)
    /// What the accent is checked against in the light scheme: the palest panel it sits on as link
    /// text (header, footer, table heads: `--surface`, #f5f7fa). The page (#ffffff) and the white
    /// text of a button on the accent contrast more, so this one ratio covers them all.
    public static let lightBackground = SRGBColor(hex: "#f5f7fa")!
    /// What the accent is checked against in the dark scheme: the lightest panel it sits on (cards,
    /// `--raised`, #18222f). The page and the dark text of a button (#0f1620) contrast more.
    public static let darkBackground = SRGBColor(hex: "#18222f")!
    /// The built-in accents (Templates/assets/style.css).
    public static let defaultAccent = SRGBColor(hex: "#1d4ed8")!
    public static let defaultAccentDark = SRGBColor(hex: "#7aa2ff")!
    /// WCAG 2.1 SC 1.4.3 (AA) for normal text.
    public static let minimumContrast = 4.5

    /// WCAG 2.1 relative luminance, 0 (black) … 1 (white).
    public var relativeLuminance: Double {
        func linear(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2.1 contrast ratio, 1 … 21, the same whichever colour is the text.
    public func contrast(with other: SRGBColor) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The ratio as people quote it: rounded down to two decimals (4.499 is not 4.5).
    public static func format(_ ratio: Double) -> String {
        String(format: "%.2f:1", (ratio * 100).rounded(.down) / 100)
    }

    /// The nearest colour of the same hue, by OKLab lightness, that reaches `minimum` against
    /// `background`: darker on a light background, lighter on a dark one. Self when it passes.
    public func adjusted(toContrast minimum: Double = minimumContrast, against background: SRGBColor) -> SRGBColor {
        if contrast(with: background) >= minimum { return self }
        let lighten = background.relativeLuminance < 0.18
        let lab = OKLab(self)
        // 0.005 steps of lightness: at most 200, and black or white always passes 4.5:1 on these.
        for step in 1...200 {
            let l = lab.l + (lighten ? 1 : -1) * Double(step) * 0.005
            let candidate = OKLab(l: min(max(l, 0), 1), a: lab.a, b: lab.b).srgb
            if candidate.contrast(with: background) >= minimum { return candidate }
        }
        return lighten ? .white : SRGBColor(red: 0, green: 0, blue: 0)
    }
}

/// Björn Ottosson's OKLab (2020): a perceptual space where `l` is lightness 0…1.
struct OKLab {
    var l: Double, a: Double, b: Double

    init(l: Double, a: Double, b: Double) { self.l = l; self.a = a; self.b = b }

    init(_ c: SRGBColor) {
        func linear(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        let (r, g, bl) = (linear(c.red), linear(c.green), linear(c.blue))
        let lm = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl)
        let mm = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl)
        let sm = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl)
        l = 0.2104542553 * lm + 0.7936177850 * mm - 0.0040720468 * sm
        a = 1.9779984951 * lm - 2.4285922050 * mm + 0.4505937099 * sm
        b = 0.0259040371 * lm + 0.7827717662 * mm - 0.8086757660 * sm
    }

    /// Back to 8-bit sRGB, clamped into the gamut.
    var srgb: SRGBColor {
        let lm = pow(l + 0.3963377774 * a + 0.2158037573 * b, 3)
        let mm = pow(l - 0.1055613458 * a - 0.0638541728 * b, 3)
        let sm = pow(l - 0.0894841775 * a - 1.2914855480 * b, 3)
        let r = 4.0767416621 * lm - 3.3077115913 * mm + 0.2309699292 * sm
        let g = -1.2684380046 * lm + 2.6097574011 * mm - 0.3413193965 * sm
        let bl = -0.0041960863 * lm - 0.7034186147 * mm + 1.7076147010 * sm
        func encode(_ v: Double) -> Int {
            let c = min(max(v, 0), 1)
            let s = c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055
            return Int((s * 255).rounded())
        }
        return SRGBColor(red: encode(r), green: encode(g), blue: encode(bl))
    }
}
