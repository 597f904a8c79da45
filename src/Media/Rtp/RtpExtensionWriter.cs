using System.Buffers.Binary;

namespace VideoVisit.Media.Rtp;

/// <summary>
/// Builds an RFC 8285 extension block (4-byte header, elements, zero padding to 32 bits) in a caller buffer.
/// The result goes to <see cref="RtpPacketWriter"/> as the extension block.
/// </summary>
public ref struct RtpExtensionWriter
{
    private readonly Span<byte> _destination;
    private readonly RtpExtensionForm _form;
    private readonly ushort _profile;
    private int _position;

    public RtpExtensionWriter(Span<byte> destination, RtpExtensionForm form, int appBits = 0)
    {
        if (form == RtpExtensionForm.OneByte && appBits != 0 || (uint)appBits > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(appBits));
        }
        _destination = destination;
        _form = form;
        _profile = form == RtpExtensionForm.OneByte
            ? RtpHeaderExtension.OneByteProfile
            : (ushort)(RtpHeaderExtension.TwoByteProfileBase | appBits);
        _position = 4;
    }

    /// <summary>Largest id and value length each form can carry (RFC 8285 §4.2, §4.3).</summary>
    public static bool CanEncode(RtpExtensionForm form, int id, int length) => form == RtpExtensionForm.OneByte
        ? id is >= 1 and <= 14 && length is >= 1 and <= 16
        : id is >= 1 and <= 255 && length is >= 0 and <= 255;

    /// <summary>Appends one element; false when it does not fit. Throws when the form cannot encode it.</summary>
    public bool TryAdd(int id, ReadOnlySpan<byte> value)
    {
        if (!CanEncode(_form, id, value.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(id), $"{_form} form cannot carry id {id} with {value.Length} bytes");
        }
        int header = _form == RtpExtensionForm.OneByte ? 1 : 2;
        if (_position + header + value.Length > _destination.Length)
        {
            return false;
        }
        if (_form == RtpExtensionForm.OneByte)
        {
            _destination[_position] = (byte)(id << 4 | (value.Length - 1));
        }
        else
        {
            _destination[_position] = (byte)id;
            _destination[_position + 1] = (byte)value.Length;
        }
        value.CopyTo(_destination[(_position + header)..]);
        _position += header + value.Length;
        return true;
    }

    /// <summary>Pads to a 32-bit boundary, writes the block header and returns the block's total length.</summary>
    public bool TryFinish(out int written)
    {
        int padded = (_position + 3) & ~3;
        if (padded > _destination.Length)
        {
            written = 0;
            return false;
        }
        _destination[_position..padded].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_destination, _profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], (ushort)((padded - 4) / 4));
        written = padded;
        return true;
    }
}
