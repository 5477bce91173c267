/**
 * Files on disk: {@link dev.weft.io.AtomicFile} (replace a file whole), {@link dev.weft.io.StateFiles}
 * (state made with exact modes, never written through a symbolic link), {@link dev.weft.io.FileTrees}.
 *
 * <p>Why: the plugins run as root with whatever umask the runtime has; under umask 000 their
 * directories were {@code 0777}, and a local user could replace a state file with a link to a
 * root-owned file, which the next ADD then overwrote (issue #13). So every file weft's plugins write
 * is either created exclusively (O_CREAT|O_EXCL, which never follows a link) and written through that
 * descriptor, or replaced by a rename (which replaces a link instead of following it), or opened with
 * O_NOFOLLOW; and modes are set after creation, so the umask can neither widen nor narrow them.
 *
 * <p>The modes chosen: state is private, {@code rwx------} directories and {@code rw-------} files,
 * as libcni keeps its result cache. The reference host-local uses {@code 0755/0644} (less the umask);
 * weft's host-local state holds nothing a non-root reader needs, and the plugins, the agent and
 * libcni all run as root, so the narrower mode costs nothing. An existing directory is trusted
 * only if it is a real directory owned by this process's user; write access for group and others
 * found on one (left by an older version under umask 000) is removed, its other bits are kept (a
 * directory the reference made {@code 0755} stays so). {@link dev.weft.io.AtomicFile} on its own
 * makes missing directories {@code rwxr-xr-x}, the usual {@code mkdir -p}, for the callers that
 * write public files (installed executables, the agent's status).
 *
 * <p>Limits: parents of a state directory may be symbolic links (an administrator's choice, such as
 * {@code /var/lib/cni} on another disk); only the directory that holds the files is checked. Reads
 * follow links: a planted link can at worst make weft read a file, never write one.
 */
package dev.weft.io;
