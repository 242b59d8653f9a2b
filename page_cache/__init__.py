"""The page cache: whole pages and fragments kept for visitors, emptied by any change they see."""
