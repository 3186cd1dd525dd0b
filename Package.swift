// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "TrustPress",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trustpress", targets: ["trustpress"]),
        .library(name: "TrustPressCore", targets: ["TrustPressCore"]),
    ],
    dependencies: [
        // YAML parsing with line/column marks (Yams wraps libyaml).
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Mustache templates with inheritance and partials, loaded from Templates/.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // The CLI: subcommands, --help, exit codes.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 for the bundle manifest: a maintained implementation rather than our own.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The bundle's zip (`build --archive`): the ZIP format's headers, CRC-32, ZIP64 past 4 GiB and
        // deflate through zlib are details a well-kept library gets right, not code of our own.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The preview server behind `trustpress serve` (HTTP and Server-Sent Events); only the
        // TrustPressServe target uses it, never the core.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Hummingbird logs through swift-log; serve hands it a logger of its own so the terminal shows builds, not server chatter.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
    ],
    targets: [
        // GitHub's cmark-gfm from Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libxml2's HTML parser (Debian's libxml2-dev), used only to sanitize raw HTML when a site
        // opts in: parsing HTML the way browsers do is not something to hand-write.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // renameat2(RENAME_EXCHANGE) for the output swap: one C function, since Swift's Glibc
        // module does not export it.
        .target(name: "CRenameExchange"),
        .target(
            name: "TrustPressCore",
            dependencies: [
                "CCmarkGFM",
                "CRenameExchange",
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                // PBKDF2-HMAC-SHA256 for the locked bundle's key (`build --encrypt`): swift-crypto has it
                // only in _CryptoExtras (KDF.Insecure.PBKDF2, BoringSSL's), not in Crypto itself.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The catalogs and the default theme (Templates/) are compiled in (Support/Embedded.swift,
            // written by tools/embed-theme.sh), not shipped as resources: a copied binary must not
            // look for a folder beside itself.
            exclude: ["Resources"]
        ),
        // `trustpress serve`: watcher, rebuild loop and HTTP app. A target of its own so that the
        // core never depends on Hummingbird.
        .target(
            name: "TrustPressServe",
            dependencies: [
                "TrustPressCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "trustpress",
            dependencies: [
                "TrustPressCore",
                "TrustPressServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TrustPressTests",
            dependencies: [
                "TrustPressCore",
                "TrustPressServe",
                .product(name: "Crypto", package: "swift-crypto"),
                // The locked bundle's tests derive its key themselves (PBKDF2) from the documented layout.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
