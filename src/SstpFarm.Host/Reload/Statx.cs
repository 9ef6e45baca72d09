using System.Runtime.InteropServices;

namespace SstpFarm.Host.Reload;

/// <summary>
/// statx(2): .NET exposes no inode, and a file replaced by rename can keep its size and even its
/// mtime (mv, install -p), but never its inode. struct statx has one layout on every Linux
/// architecture (linux/stat.h), unlike struct stat, so it is read as bytes at fixed offsets.
/// </summary>
internal static partial class Statx
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int BufferSize = 256; // sizeof(struct statx)

    // Offsets in struct statx (linux/stat.h).
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int ChangeTimeOffset = 96;
    private const int ModifyTimeOffset = 112;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int ELOOP = 40;

    /// <summary>Stats <paramref name="path"/>, following symbolic links; false with errno when the call failed.</summary>
    public static bool TryStat(string path, out StatxResult result, out int errno)
    {
        Span<byte> buffer = stackalloc byte[BufferSize];
        buffer.Clear();
        int rc;
        try
        {
            rc = Native(AtFdCwd, path, 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer));
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than glibc 2.28: let the caller fall back.
            result = default;
            errno = -1;
            return false;
        }

        if (rc != 0)
        {
            result = default;
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        errno = 0;
        result = new StatxResult(
            ((ulong)Read<uint>(buffer, DeviceMajorOffset) << 32) | Read<uint>(buffer, DeviceMinorOffset),
            Read<ulong>(buffer, InodeOffset),
            (long)Read<ulong>(buffer, SizeOffset),
            ReadTimestamp(buffer, ModifyTimeOffset),
            ReadTimestamp(buffer, ChangeTimeOffset));
        return true;
    }

    /// <summary>The errors that mean "no file there" rather than "cannot tell".</summary>
    public static bool IsNotFound(int errno) => errno is ENOENT or ENOTDIR or ELOOP;

    // The kernel fills struct statx in the machine's byte order.
    private static T Read<T>(ReadOnlySpan<byte> buffer, int offset)
        where T : unmanaged => MemoryMarshal.Read<T>(buffer[offset..]);

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 reserved; }
    private static long ReadTimestamp(ReadOnlySpan<byte> buffer, int offset) => (Read<long>(buffer, offset) * 1_000_000_000) + Read<uint>(buffer, offset + 8);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Native(int dirfd, string path, int flags, uint mask, ref byte buffer);
}

/// <summary>What statx says about a file: enough to tell that it was rewritten or replaced.</summary>
internal readonly record struct StatxResult(ulong Device, ulong Inode, long Length, long ModifiedNs, long ChangedNs);
