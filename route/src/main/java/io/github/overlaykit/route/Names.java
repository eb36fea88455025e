package io.github.overlaykit.route;

/** Number parsing shared by the name tables, with iproute2's rules (decimal or 0x hex). */
final class Names {
    private Names() {
    }

    static int parseNumber(String text, int max, String what) {
        return (int) parseUnsigned(text, max, what);
    }

    static long parseUnsigned(String text, long max, String what) {
        long value;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                value = Long.parseLong(text.substring(2), 16);
            } else {
                if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
                    throw new NumberFormatException();
                }
                value = Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " \"" + text + "\"");
        }
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + text + " is outside 0.." + max);
        }
        return value;
    }

    /** {@code rtnl_dsfield_n2a}: the rt_dsfield name, else {@code 0x%02x}. */
    static String dsfield(int tos) {
        switch (tos) {
            case 0x28: return "AF11";
            case 0x30: return "AF12";
            case 0x38: return "AF13";
            case 0x48: return "AF21";
            case 0x50: return "AF22";
            case 0x58: return "AF23";
            case 0x68: return "AF31";
            case 0x70: return "AF32";
            case 0x78: return "AF33";
            case 0x88: return "AF41";
            case 0x90: return "AF42";
            case 0x98: return "AF43";
            case 0x20: return "CS1";
            case 0x40: return "CS2";
            case 0x60: return "CS3";
            case 0x80: return "CS4";
            case 0xA0: return "CS5";
            case 0xC0: return "CS6";
            case 0xE0: return "CS7";
            case 0xB8: return "EF";
            case 0: return "default";
            default: return String.format("0x%02x", tos);
        }
    }

    static int parseDsfield(String text) {
        for (int tos = 0; tos < 256; tos++) {
            String name = dsfield(tos);
            if (!name.startsWith("0x") && name.equals(text)) {
                return tos;
            }
        }
        return (int) parseUnsignedHex(text, 255, "tos");
    }

    /** iproute2 reads a dsfield number as hex even without {@code 0x}. */
    static long parseUnsignedHex(String text, long max, String what) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        long value;
        try {
            if (digits.isEmpty() || Character.digit(digits.charAt(0), 16) < 0) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(digits, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " \"" + text + "\"");
        }
        if (value > max) {
            throw new IllegalArgumentException(what + " " + text + " is outside 0.." + max);
        }
        return value;
    }
}
