using System.Buffers.Binary;

namespace VideoVisit.Media.Rtp;

/// <summary>
/// An RFC 8285 extension block (the one that follows the CSRC list when X=1), header included.
/// Elements are enumerated without allocating; a malformed element ends the enumeration and sets
/// <see cref="RtpExtensionEnumerator.Error"/>.
/// </summary>
public readonly ref struct RtpHeaderExtension
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfileBase = 0x1000;

    private readonly ReadOnlySpan<byte> _block;

    private RtpHeaderExtension(ReadOnlySpan<byte> block, RtpExtensionForm form)
    {
        _block = block;
        Form = form;
    }

    public RtpExtensionForm Form { get; }
    public ushort Profile => BinaryPrimitives.ReadUInt16BigEndian(_block);

    /// <summary>The 4 "appbits" of the two-byte form (RFC 8285 §4.3); 0 for the one-byte form.</summary>
    public int AppBits => Form == RtpExtensionForm.TwoByte ? Profile & 0x0F : 0;

    /// <summary>The element area, after the 4-byte block header.</summary>
    public ReadOnlySpan<byte> Data => _block[4..];

    public static bool TryGetForm(ushort profile, out RtpExtensionForm form)
    {
        if (profile == OneByteProfile)
        {
            form = RtpExtensionForm.OneByte;
            return true;
        }
        // RFC 8285 §4.3: 0x100 in the top 12 bits, the low 4 bits are application bits.
        if ((profile & 0xFFF0) == TwoByteProfileBase)
        {
            form = RtpExtensionForm.TwoByte;
            return true;
        }
        form = default;
        return false;
    }

    /// <summary>Reads the block header; the block may be longer than declared (trailing bytes are ignored).</summary>
    public static bool TryParse(ReadOnlySpan<byte> block, out RtpHeaderExtension extension, out RtpExtensionError error)
    {
        extension = default;
        if (block.Length < 4)
        {
            error = RtpExtensionError.Truncated;
            return false;
        }
        int length = 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(block[2..]);
        if (length > block.Length)
        {
            error = RtpExtensionError.Truncated;
            return false;
        }
        if (!TryGetForm(BinaryPrimitives.ReadUInt16BigEndian(block), out var form))
        {
            error = RtpExtensionError.UnknownProfile;
            return false;
        }
        extension = new RtpHeaderExtension(block[..length], form);
        error = RtpExtensionError.None;
        return true;
    }

    public RtpExtensionEnumerator GetEnumerator() => new(Data, Form);

    /// <summary>First element with <paramref name="id"/>; false if absent or a malformed element comes first.</summary>
    public bool TryFind(int id, out ReadOnlySpan<byte> value)
    {
        foreach (var element in this)
        {
            if (element.Id == id)
            {
                value = element.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>True when every element up to the end of the block (or a one-byte id 15 stop) is well formed.</summary>
    public bool IsWellFormed(out RtpExtensionError error)
    {
        var e = GetEnumerator();
        while (e.MoveNext())
        {
        }
        error = e.Error;
        return error == RtpExtensionError.None;
    }
}

/// <summary>One element: its id, its value and where its id byte sits within <see cref="RtpHeaderExtension.Data"/>.</summary>
public readonly ref struct RtpExtensionElement
{
    public RtpExtensionElement(int id, ReadOnlySpan<byte> value, int offset)
    {
        Id = id;
        Value = value;
        Offset = offset;
    }

    public int Id { get; }
    public ReadOnlySpan<byte> Value { get; }
    public int Offset { get; }
}

public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly RtpExtensionForm _form;
    private int _position;
    private RtpExtensionElement _current;

    internal RtpExtensionEnumerator(ReadOnlySpan<byte> data, RtpExtensionForm form)
    {
        _data = data;
        _form = form;
        _position = 0;
        _current = default;
        Error = RtpExtensionError.None;
    }

    public readonly RtpExtensionElement Current => _current;
    public RtpExtensionError Error { get; private set; }

    public bool MoveNext()
    {
        while (_position < _data.Length)
        {
            int start = _position;
            byte first = _data[start];
            if (_form == RtpExtensionForm.OneByte)
            {
                int id = first >> 4;
                if (id == 0)
                {
                    // RFC 8285 §4.1.2: padding bytes are 0 and are skipped one at a time. An id-0 byte with a
                    // nonzero length nibble is skipped the same way rather than refused.
                    _position++;
                    continue;
                }
                if (id == 15)
                {
                    // RFC 8285 §4.2: id 15 is reserved; processing stops here, earlier elements stand.
                    _position = _data.Length;
                    return false;
                }
                int length = (first & 0x0F) + 1;
                if (start + 1 + length > _data.Length)
                {
                    return Fail();
                }
                _current = new RtpExtensionElement(id, _data.Slice(start + 1, length), start);
                _position = start + 1 + length;
                return true;
            }
            else
            {
                if (first == 0)
                {
                    // RFC 8285 §4.1.2: padding bytes are 0 and may appear between elements.
                    _position++;
                    continue;
                }
                if (start + 2 > _data.Length)
                {
                    return Fail();
                }
                int length = _data[start + 1];
                if (start + 2 + length > _data.Length)
                {
                    return Fail();
                }
                _current = new RtpExtensionElement(first, _data.Slice(start + 2, length), start);
                _position = start + 2 + length;
                return true;
            }
        }
        return false;
    }

    private bool Fail()
    {
        Error = RtpExtensionError.ElementTruncated;
        _position = _data.Length;
        _current = default;
        return false;
    }
}
