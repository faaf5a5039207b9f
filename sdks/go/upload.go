package rend

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"unicode/utf16"

	"rend.so/sdk/go/rendapi"
)

// UploadFile uploads the video at path (POST /v1/videos), streamed from disk with its
// Content-Length: the file is never held in memory, and it is sent again on 429/5xx.
func (c *Client) UploadFile(ctx context.Context, path, contentType string) (*rendapi.Upload, error) {
	return c.uploadFile(ctx, path, contentType, &rendapi.CreateVideoParams{})
}

// UploadFileWithMetadata is UploadFile with the asset's metadata (title, external_id, creator_id,
// passthrough, tags), sent as the X-Rend-Metadata header.
func (c *Client) UploadFileWithMetadata(ctx context.Context, path, contentType string, metadata rendapi.AssetMetadataPatch) (*rendapi.Upload, error) {
	header, err := MetadataHeader(metadata)
	if err != nil {
		return nil, err
	}
	return c.uploadFile(ctx, path, contentType, &rendapi.CreateVideoParams{XRendMetadata: &header})
}

// MetadataHeader is X-Rend-Metadata's value: the metadata as JSON in printable ASCII, every other
// character as a JSON \uXXXX escape (header values are bytes; the API takes printable ASCII only).
func MetadataHeader(metadata rendapi.AssetMetadataPatch) (string, error) {
	text, err := json.Marshal(metadata)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, r := range string(text) {
		if r >= 0x20 && r <= 0x7e {
			out.WriteRune(r)
			continue
		}
		for _, unit := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&out, "\\u%04x", unit)
		}
	}
	return out.String(), nil
}

func (c *Client) uploadFile(ctx context.Context, path, contentType string, params *rendapi.CreateVideoParams) (*rendapi.Upload, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return c.upload(ctx, io.NewSectionReader(file, 0, info.Size()), info.Size(), contentType, params, func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(file, 0, info.Size())), nil
	})
}

// Upload uploads a video read from body, streamed as it is read; size < 0 means unknown (chunked
// transfer encoding). A plain reader cannot be sent twice, so it is not retried; UploadFile is.
func (c *Client) Upload(ctx context.Context, body io.Reader, size int64, contentType string) (*rendapi.Upload, error) {
	return c.upload(ctx, body, size, contentType, &rendapi.CreateVideoParams{}, nil)
}

func (c *Client) upload(ctx context.Context, body io.Reader, size int64, contentType string, params *rendapi.CreateVideoParams, again func() (io.ReadCloser, error)) (*rendapi.Upload, error) {
	if contentType == "" {
		contentType = "video/mp4"
	}
	sized := func(_ context.Context, request *http.Request) error {
		if size >= 0 {
			request.ContentLength = size
			if size == 0 {
				request.Body = http.NoBody
			}
		}
		request.GetBody = again
		return nil
	}
	// The upload's pace is the network's: no client timeout, the caller's context bounds it.
	r, err := c.API.CreateVideoWithBodyWithResponse(ctx, params, contentType, io.NopCloser(body), sized, c.withoutTimeout)
	if err != nil {
		return nil, err
	}
	return answer(r.JSON201, r.HTTPResponse, r.Body, nil)
}

// withoutTimeout marks a request for the stream client (see Client.Do).
func (c *Client) withoutTimeout(ctx context.Context, request *http.Request) error {
	*request = *request.WithContext(context.WithValue(ctx, noTimeoutKey{}, true))
	return nil
}

type noTimeoutKey struct{}
