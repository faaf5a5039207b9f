package rend

import (
	"context"
	"io"
	"net/http"
	"os"

	"rend.so/sdk/go/rendapi"
)

// UploadFile uploads the video at path (POST /v1/videos), streamed from disk with its
// Content-Length: the file is never held in memory, and it is sent again on 429/5xx.
func (c *Client) UploadFile(ctx context.Context, path, contentType string) (*rendapi.Upload, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return c.upload(ctx, io.NewSectionReader(file, 0, info.Size()), info.Size(), contentType, func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(file, 0, info.Size())), nil
	})
}

// Upload uploads a video read from body, streamed as it is read; size < 0 means unknown (chunked
// transfer encoding). A plain reader cannot be sent twice, so it is not retried; UploadFile is.
func (c *Client) Upload(ctx context.Context, body io.Reader, size int64, contentType string) (*rendapi.Upload, error) {
	return c.upload(ctx, body, size, contentType, nil)
}

func (c *Client) upload(ctx context.Context, body io.Reader, size int64, contentType string, again func() (io.ReadCloser, error)) (*rendapi.Upload, error) {
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
	r, err := c.API.CreateVideoWithBodyWithResponse(ctx, &rendapi.CreateVideoParams{}, contentType, io.NopCloser(body), sized, c.withoutTimeout)
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
