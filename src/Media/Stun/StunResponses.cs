namespace VideoVisit.Media.Stun;

/// <summary>Responses an ICE-lite agent sends to Binding requests (RFC 8445 §7.3), written into a caller buffer.</summary>
public static class StunResponses
{
    /// <summary>
    /// Binding success (RFC 8445 §7.3.1.3): XOR-MAPPED-ADDRESS of the request's source, MESSAGE-INTEGRITY with the
    /// same key the request was checked with (our ice-pwd), FINGERPRINT. Returns the length, or 0 if it does not fit.
    /// </summary>
    public static int WriteBindingSuccess(Span<byte> destination, StunTransactionId transactionId, StunEndpoint source,
        ReadOnlySpan<byte> key)
    {
        if (destination.Length < StunConstants.HeaderLength)
        {
            return 0;
        }

        var w = new StunWriter(destination, StunClass.SuccessResponse, StunMethod.Binding, transactionId);
        return w.TryAddXorMappedAddress(source) && w.TryAddMessageIntegrity(key) && w.TryAddFingerprint() ? w.Length : 0;
    }

    /// <summary>
    /// Binding error response (RFC 8489 §6.3.1.1, §9.1.3). An empty <paramref name="key"/> omits MESSAGE-INTEGRITY, as
    /// for 400 and 401 where the request could not be authenticated; 487 is sent with it (RFC 8445 §7.3.1.1).
    /// <paramref name="unknownAttributes"/> fills UNKNOWN-ATTRIBUTES for 420. Returns the length, or 0 if it does not fit.
    /// </summary>
    public static int WriteBindingError(Span<byte> destination, StunTransactionId transactionId, int code,
        ReadOnlySpan<byte> key = default, ReadOnlySpan<ushort> unknownAttributes = default)
    {
        if (destination.Length < StunConstants.HeaderLength)
        {
            return 0;
        }

        var w = new StunWriter(destination, StunClass.ErrorResponse, StunMethod.Binding, transactionId);
        if (!w.TryAddErrorCode(code, StunErrorCode.ReasonPhrase(code)))
        {
            return 0;
        }

        if (code == StunErrorCode.UnknownAttribute && !w.TryAddUnknownAttributes(unknownAttributes))
        {
            return 0;
        }

        if (!key.IsEmpty && !w.TryAddMessageIntegrity(key))
        {
            return 0;
        }

        return w.TryAddFingerprint() ? w.Length : 0;
    }
}
