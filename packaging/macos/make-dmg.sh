#!/usr/bin/env bash
# macOS: Jebi.app (the release binary, Info.plist with the mailto: URL type, an .icns made from
# resources/app-icon) in a .dmg, into target/packages/. Run by .github/workflows/release.yml on a
# macOS runner; never run on the Linux machines this project is developed on.
# Known gap: macOS hands mailto: links to the app as an Apple Event, which iced 0.14 / winit 0.30
# do not pass on; `jebi mailto:...` from a terminal works, a click on a link opens Jebi only.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cargo build --release --locked --bin jebi --bin jebi-window
app=target/packaging/Jebi.app
rm -rf "$app"; mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
# `jebi` hands the window over to `jebi-window` beside it.
for bin in jebi jebi-window; do
  cp "target/release/$bin" "$app/Contents/MacOS/$bin"
  strip "$app/Contents/MacOS/$bin"
done
sed "s/@VERSION@/$version/g" packaging/macos/Info.plist > "$app/Contents/Info.plist"
iconset=target/packaging/jebi.iconset
rm -rf "$iconset"; mkdir -p "$iconset"
for s in 16 32 128 256 512; do
  cp "resources/app-icon/jebi-$s.png" "$iconset/icon_${s}x${s}.png"
done
cp resources/app-icon/jebi-64.png "$iconset/icon_32x32@2x.png"
cp resources/app-icon/jebi-512.png "$iconset/icon_256x256@2x.png"
iconutil -c icns "$iconset" -o "$app/Contents/Resources/jebi.icns"
mkdir -p target/packages
hdiutil create -volname Jebi -srcfolder "$app" -ov -format UDZO "target/packages/Jebi-$version.dmg"
echo "target/packages/Jebi-$version.dmg"
