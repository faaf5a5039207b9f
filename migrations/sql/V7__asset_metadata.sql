-- Metadata a developer owns on every asset (issue 21): a title, their own ids for the video and
-- its creator, an opaque passthrough string and free tags. The API validates every value (length
-- in characters, no control characters) and answers 400 invalid_parameter; these checks are the
-- backstop for any other writer. Lengths are char_length, i.e. Unicode code points, as the API
-- counts them.
ALTER TABLE rend.assets
    ADD COLUMN title        text CHECK (char_length(title) BETWEEN 1 AND 512),
    ADD COLUMN external_id  text CHECK (char_length(external_id) BETWEEN 1 AND 128),
    ADD COLUMN creator_id   text CHECK (char_length(creator_id) BETWEEN 1 AND 128),
    ADD COLUMN passthrough  text CHECK (char_length(passthrough) BETWEEN 1 AND 255),
    ADD COLUMN tags         text[] NOT NULL DEFAULT '{}'
                            CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL);

-- The list filters. Each equality filter has its own partial index that also serves the list's
-- order (created_at DESC, id DESC) and its cursor, so a filtered page is one index range scan
-- however many assets the account has. ?created_after= rides the existing assets_account_page.
CREATE INDEX assets_account_external_id
    ON rend.assets (account_id, external_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND external_id IS NOT NULL;
CREATE INDEX assets_account_creator_id
    ON rend.assets (account_id, creator_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND creator_id IS NOT NULL;
CREATE INDEX assets_account_playable_state
    ON rend.assets (account_id, playable_state, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
-- Tags are an array matched by containment (tags @> ARRAY[...]): a GIN index. It cannot carry
-- account_id without the btree_gin extension, so the planner combines it with the account's page
-- index (a BitmapAnd) or checks the account on the rows it finds.
CREATE INDEX assets_tags ON rend.assets USING gin (tags) WHERE deleted_at IS NULL;
