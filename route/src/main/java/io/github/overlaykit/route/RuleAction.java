package io.github.overlaykit.route;

/** What a policy rule does when it matches ({@code FR_ACT_*}). */
public enum RuleAction {
    /** {@code FR_ACT_TO_TBL} (1): look the destination up in a table. */
    LOOKUP(1, "lookup"),
    /** {@code FR_ACT_GOTO} (2): jump to the rule with a given priority. */
    GOTO(2, "goto"),
    /** {@code FR_ACT_NOP} (3): do nothing, go on. */
    NOP(3, "nop"),
    /** {@code FR_ACT_BLACKHOLE} (6): fail with {@code EINVAL}. */
    BLACKHOLE(6, "blackhole"),
    /** {@code FR_ACT_UNREACHABLE} (7): fail with {@code ENETUNREACH} (unlike the route type). */
    UNREACHABLE(7, "unreachable"),
    /** {@code FR_ACT_PROHIBIT} (8): fail with {@code EACCES}. */
    PROHIBIT(8, "prohibit");

    private final int number;
    private final String ipName;

    RuleAction(int number, String ipName) {
        this.number = number;
        this.ipName = ipName;
    }

    /**
     * Returns the kernel's number ({@code fib_rule_hdr.action}).
     *
     * @return e.g. 1
     */
    public int number() {
        return number;
    }

    /**
     * Returns the keyword {@code ip rule} uses.
     *
     * @return e.g. {@code "lookup"}
     */
    public String ipName() {
        return ipName;
    }

    /**
     * Returns the action with the kernel's number.
     *
     * @param number {@code fib_rule_hdr.action}
     * @return the action
     * @throws IllegalArgumentException if unknown
     */
    public static RuleAction ofNumber(int number) {
        for (RuleAction action : values()) {
            if (action.number == number) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown rule action " + number);
    }

    /**
     * Returns the error a lookup reaching this action answers.
     *
     * @return the error, or null for lookup/goto/nop
     */
    public RouteLookupError error() {
        switch (this) {
            case BLACKHOLE: return RouteLookupError.INVALID_ARGUMENT;
            case UNREACHABLE: return RouteLookupError.NETWORK_UNREACHABLE;
            case PROHIBIT: return RouteLookupError.PERMISSION_DENIED;
            default: return null;
        }
    }
}
