package dev.weft.store.embedded;

import dev.weft.store.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a {@code stat} of the store's file says about its version: the inode (the file key), the
 * modification time and the size. The store never modifies its file in place (every change is a new
 * inode renamed over it), so an equal stamp means the same contents; the time and size guard the
 * case of a freed inode number given to a later version. {@link #ABSENT} when there is no file yet.
 */
record FileStamp(Object key, FileTime modified, long size) {
    static final FileStamp ABSENT = new FileStamp(null, null, -1);

    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            throw new StoreException("cannot stat datastore " + file + ": " + e.getMessage(), e);
        }
    }
}
