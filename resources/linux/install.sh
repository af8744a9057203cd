#!/bin/sh
# Headhunter Desktop for this user, without root: the app, its menu entry and its icons.
#
#   ./install.sh              copy this folder to ~/.local/share/headhunter-desktop, add the
#                             app to the applications menu and `headhunter-desktop` to ~/.local/bin
#   ./install.sh --uninstall  take all of that out again
#
# Run it from the unpacked release archive (it sits beside the `headhunter-desktop`
# executable). Installing again upgrades in place. Uninstalling never touches your data:
# the data folder, the settings and the API key in the system keyring stay.
set -eu

APP_ID=headhunter-desktop
SOURCE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=$DATA_HOME/$APP_ID
BIN_LINK=$HOME/.local/bin/$APP_ID
MENU_ENTRY=$DATA_HOME/applications/$APP_ID.desktop
ICON_THEME=$DATA_HOME/icons/hicolor
PNG_SIZES="16 24 32 48 64 128 256 512"

refresh_menus() {
    # Desktops notice the new entry by themselves; these make sure, where they exist.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$ICON_THEME" 2>/dev/null || true
    fi
}

install_app() {
    if [ ! -x "$SOURCE/$APP_ID" ] || [ ! -d "$SOURCE/_internal/resources" ]; then
        echo "install.sh: run me from the unpacked $APP_ID folder (beside the $APP_ID program)" >&2
        exit 1
    fi
    case $TARGET in
        *'"'* | *'\'* | *'`'* | *'$'*)
            echo "install.sh: cannot install into a path with \" \\ \` or \$: $TARGET" >&2
            exit 1 ;;
    esac
    if [ "$SOURCE" != "$TARGET" ]; then
        # Copied beside the old copy first, swapped in after: a failed copy leaves the old one.
        mkdir -p "$DATA_HOME"
        rm -rf "$TARGET.new"
        cp -R "$SOURCE" "$TARGET.new"
        rm -rf "$TARGET"
        mv "$TARGET.new" "$TARGET"
    fi
    icons=$TARGET/_internal/resources/icons
    for size in $PNG_SIZES; do
        mkdir -p "$ICON_THEME/${size}x$size/apps"
        cp "$icons/$APP_ID-$size.png" "$ICON_THEME/${size}x$size/apps/$APP_ID.png"
    done
    mkdir -p "$ICON_THEME/scalable/apps" "$DATA_HOME/applications" "$(dirname "$BIN_LINK")"
    cp "$icons/$APP_ID.svg" "$ICON_THEME/scalable/apps/$APP_ID.svg"
    # The menu entry starts the installed program by its full path: ~/.local/bin is not on
    # every desktop session's PATH.
    sed -e "s|^Exec=.*|Exec=\"$TARGET/$APP_ID\"|" -e "s|^TryExec=.*|TryExec=$TARGET/$APP_ID|" \
        "$TARGET/_internal/resources/linux/$APP_ID.desktop" > "$MENU_ENTRY"
    ln -sfn "$TARGET/$APP_ID" "$BIN_LINK"
    refresh_menus
    echo "Installed in $TARGET; Headhunter Desktop is in your applications menu."
    echo "From a terminal: $BIN_LINK (uninstall: $TARGET/install.sh --uninstall)"
}

uninstall_app() {
    rm -f "$MENU_ENTRY"
    for size in $PNG_SIZES; do
        rm -f "$ICON_THEME/${size}x$size/apps/$APP_ID.png"
    done
    rm -f "$ICON_THEME/scalable/apps/$APP_ID.svg"
    # The link only if it is ours: another copy of the app may own the name.
    if [ -L "$BIN_LINK" ] && [ "$(readlink "$BIN_LINK")" = "$TARGET/$APP_ID" ]; then
        rm -f "$BIN_LINK"
    fi
    rm -rf "$TARGET" "$TARGET.new"
    refresh_menus
    echo "Headhunter Desktop is uninstalled; your data folder and settings are kept."
}

case ${1:-} in
    "") install_app ;;
    --uninstall) uninstall_app ;;
    *) echo "usage: install.sh [--uninstall]" >&2; exit 2 ;;
esac
