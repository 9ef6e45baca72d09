using System.Buffers.Binary;
using System.Text;

namespace SstpFarm.DataPlane.Tun;

/// <summary>
/// Writes one netlink request into a caller's buffer: header, fixed family struct, then
/// 4-byte-aligned attributes (struct rtattr { u16 rta_len; u16 rta_type; }). Host byte order
/// (little-endian on every platform we run on) as netlink requires.
/// </summary>
internal ref struct NetlinkMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkMessageWriter(Span<byte> buffer, ushort type, ushort flags, uint sequence)
    {
        _buffer = buffer;
        _buffer[..NetlinkConstants.NlMsgHdrLength].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[8..], sequence);
        _length = NetlinkConstants.NlMsgHdrLength;
    }

    /// <summary>Appends zeroed room for the family struct and returns it for the caller to fill.</summary>
    public Span<byte> AppendFixed(int length)
    {
        Span<byte> room = _buffer.Slice(_length, Align(length));
        room.Clear();
        _length += room.Length;
        return room[..length];
    }

    public void AppendAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        int attributeLength = 4 + value.Length;
        Span<byte> room = _buffer.Slice(_length, Align(attributeLength));
        room.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(room, (ushort)attributeLength);
        BinaryPrimitives.WriteUInt16LittleEndian(room[2..], type);
        value.CopyTo(room[4..]);
        _length += room.Length;
    }

    public void AppendUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        AppendAttribute(type, bytes);
    }

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME).</summary>
    public void AppendString(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
        int written = Encoding.UTF8.GetBytes(value, bytes);
        bytes[written] = 0;
        AppendAttribute(type, bytes[..(written + 1)]);
    }

    /// <summary>Writes nlmsg_len and returns the whole message length.</summary>
    public int Complete()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _length;
    }

    public static int Align(int length) => (length + 3) & ~3;
}
