namespace SstpFarm.Host.Reload;

/// <summary>
/// What a watched path points at right now. Two stamps differ when the file was rewritten in place
/// (size, mtime, ctime), replaced by rename (inode), or reached through a symbolic link that now
/// points elsewhere (final target), as certbot's live/ links and Kubernetes' ..data swaps do.
/// </summary>
/// <param name="Target">The path after following every symbolic link (the path itself when it is none).</param>
/// <param name="Exists">Whether a file is there.</param>
/// <param name="Device">Device of the final file (0 when unknown).</param>
/// <param name="Inode">Inode of the final file (0 when unknown).</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ModifiedNs">Last write time, nanoseconds.</param>
/// <param name="ChangedNs">Last status change (ctime; a rename or chmod updates it), nanoseconds; 0 when unknown.</param>
/// <param name="Errno">Why the file could not be examined (0 when it could, or is simply absent).</param>
internal readonly record struct FileStamp(string Target, bool Exists, ulong Device, ulong Inode, long Length, long ModifiedNs, long ChangedNs, int Errno)
{
    private static volatile bool s_statxUnavailable;

    public static FileStamp Read(string path)
    {
        if (!s_statxUnavailable)
        {
            string target = FinalTarget(path);
            if (Statx.TryStat(path, out StatxResult stat, out int errno))
            {
                return new FileStamp(target, true, stat.Device, stat.Inode, stat.Length, stat.ModifiedNs, stat.ChangedNs, 0);
            }

            if (Statx.IsNotFound(errno))
            {
                return new FileStamp(target, false, 0, 0, 0, 0, 0, 0);
            }

            // ENOSYS/EPERM: a kernel or seccomp profile without statx. Anything else (EACCES) is the file's own state.
            if (errno is not (-1 or 1 or 38))
            {
                return new FileStamp(target, false, 0, 0, 0, 0, 0, errno);
            }

            s_statxUnavailable = true;
        }

        return ReadManaged(path);
    }

    /// <summary>Without statx: no inode, but the final target and the size and write time still tell most replacements.</summary>
    public static FileStamp ReadManaged(string path)
    {
        string target = FinalTarget(path);
        var info = new FileInfo(target);
        try
        {
            return info.Exists
                ? new FileStamp(target, true, 0, 0, info.Length, (info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100, 0, 0)
                : new FileStamp(target, false, 0, 0, 0, 0, 0, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileStamp(target, false, 0, 0, 0, 0, 0, e.HResult);
        }
    }

    private static string FinalTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent, a dangling link or a loop: the stat that follows says which.
            return path;
        }
    }
}
