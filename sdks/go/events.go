package rend

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"rend.so/sdk/go/rendapi"
)

// ServerEvent is one lifecycle event frame of GET /v1/events: Sequence (the frame's id), EventType
// and Data, the Event as JSON (Event() decodes it into the generated model).
type ServerEvent struct {
	Sequence  int64
	EventType string
	Data      json.RawMessage
}

// Event decodes Data into the generated rendapi.Event.
func (e ServerEvent) Event() (rendapi.Event, error) {
	var event rendapi.Event
	err := json.Unmarshal(e.Data, &event)
	return event, err
}

// EventsOptions picks the stream: one asset or all, and where to start (AfterSequence, or
// LastEventID which wins; neither: the next event written).
type EventsOptions struct {
	AssetID       *rendapi.AssetId
	AfterSequence *int64
	LastEventID   string
}

// Subscription reads the event stream. When the connection breaks, goes silent past the keep-alive
// period, or the server ends the stream (it cuts off a client that lags), Next reconnects with
// Last-Event-ID set to the last sequence received, so no event is lost or repeated.
type Subscription struct {
	client      *Client
	options     EventsOptions
	ctx         context.Context
	LastEventID string
	Connections int

	mu       sync.Mutex
	cancel   context.CancelFunc
	body     io.ReadCloser
	reader   *bufio.Reader
	closed   bool
	failures int
}

// silence is how long a connection may send nothing (keep-alives come every 15 s) before it is
// taken for dead and replaced.
const silence = 45 * time.Second

// Events subscribes to the account's lifecycle events; Close it when done.
func (c *Client) Events(ctx context.Context, options EventsOptions) *Subscription {
	return &Subscription{client: c, options: options, ctx: ctx, LastEventID: options.LastEventID}
}

// Close ends the subscription; a Next in progress returns an error.
func (s *Subscription) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.cancel != nil {
		s.cancel()
	}
	return nil
}

// Next blocks until the next event, reconnecting as needed; it returns an error when the
// subscription's context ends, it is closed, the API refuses it (an *Error), or reconnecting failed
// more times in a row than the retry policy allows.
func (s *Subscription) Next() (ServerEvent, error) {
	for {
		if err := s.ctx.Err(); err != nil {
			return ServerEvent{}, err
		}
		if s.reader == nil {
			if err := s.connect(); err != nil {
				var refused *Error
				if errors.As(err, &refused) || s.ctx.Err() != nil || s.isClosed() || s.failures >= s.client.retry.MaxRetries {
					return ServerEvent{}, err
				}
				if err := sleep(s.ctx, s.client.retry.delay(s.failures, 0, false)); err != nil {
					return ServerEvent{}, err
				}
				s.failures++
				continue
			}
		}
		event, err := s.readFrame()
		if err == nil {
			s.failures = 0
			return event, nil
		}
		s.drop()
		if s.isClosed() || s.ctx.Err() != nil {
			return ServerEvent{}, err
		}
		if s.failures >= s.client.retry.MaxRetries {
			return ServerEvent{}, fmt.Errorf("rend: event stream: %w", err)
		}
		if err := sleep(s.ctx, s.client.retry.delay(s.failures, 0, false)); err != nil {
			return ServerEvent{}, err
		}
		s.failures++
	}
}

func (s *Subscription) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Subscription) connect() error {
	params := &rendapi.StreamEventsParams{AssetId: s.options.AssetID, AfterSequence: s.options.AfterSequence}
	if s.LastEventID != "" {
		last := s.LastEventID
		params.LastEventID = &last
	}
	request, err := rendapi.NewStreamEventsRequest(s.client.baseURL, params)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		cancel()
		return errors.New("rend: subscription closed")
	}
	s.cancel = cancel
	s.mu.Unlock()
	request = request.WithContext(ctx)
	request.Header.Set("Authorization", "Bearer "+s.client.apiKey)
	request.Header.Set("Accept", "text/event-stream")
	response, err := s.client.stream.Do(request)
	if err != nil {
		cancel()
		return err
	}
	if response.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(response.Body, 64<<10))
		response.Body.Close()
		cancel()
		return errorFrom(response, body)
	}
	s.Connections++
	s.body = response.Body
	s.reader = bufio.NewReader(response.Body)
	return nil
}

func (s *Subscription) drop() {
	if s.body != nil {
		s.body.Close()
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
	s.body, s.reader = nil, nil
}

// readFrame reads lines up to the next frame with data; comments (the opening one, keep-alives)
// are skipped. A connection silent for longer than silence is cancelled.
func (s *Subscription) readFrame() (ServerEvent, error) {
	var id, event string
	var data []string
	watchdog := time.AfterFunc(silence, func() { s.mu.Lock(); s.cancel(); s.mu.Unlock() })
	defer watchdog.Stop()
	for {
		line, err := s.reader.ReadString('\n')
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF // the server ended the stream: resume
			}
			return ServerEvent{}, err
		}
		watchdog.Reset(silence)
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if len(data) == 0 {
				id, event = "", ""
				continue
			}
			joined := strings.Join(data, "\n")
			var head struct {
				Sequence  int64  `json:"sequence"`
				EventType string `json:"event_type"`
			}
			if err := json.Unmarshal([]byte(joined), &head); err != nil {
				return ServerEvent{}, fmt.Errorf("rend: event frame is not JSON: %w", err)
			}
			if id != "" {
				s.LastEventID = id
				if n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64); err == nil {
					head.Sequence = n
				}
			}
			if event == "" {
				event = head.EventType
			}
			return ServerEvent{Sequence: head.Sequence, EventType: event, Data: json.RawMessage(joined)}, nil
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "id":
			id = value
		case "event":
			event = value
		case "data":
			data = append(data, value)
		}
	}
}

// WaitUntilPlayable follows the asset's events from the start of its log (so nothing is missed)
// until it is state (rendapi.PlayableStateHlsReady or rendapi.PlayableStateOpenerReady) and returns the asset. It returns an
// *AssetFailedError if processing fails or the asset is deleted first; ctx bounds the wait.
func (c *Client) WaitUntilPlayable(ctx context.Context, id rendapi.AssetId, state rendapi.PlayableState) (*rendapi.Asset, error) {
	wanted := map[string]bool{"asset.hls_ready": true}
	switch state {
	case rendapi.PlayableStateHlsReady:
	case rendapi.PlayableStateOpenerReady:
		wanted["asset.opener_ready"] = true
	default:
		return nil, fmt.Errorf("rend: WaitUntilPlayable: state must be opener_ready or hls_ready, not %q", state)
	}
	from := int64(0)
	subscription := c.Events(ctx, EventsOptions{AssetID: &id, AfterSequence: &from})
	defer subscription.Close()
	for {
		event, err := subscription.Next()
		if err != nil {
			return nil, err
		}
		switch {
		case wanted[event.EventType]:
			return c.GetAsset(ctx, id)
		case event.EventType == "asset.deleted":
			return nil, &AssetFailedError{AssetID: id.String(), Code: "asset_deleted", Message: "the asset was deleted"}
		case event.EventType == "asset.failed":
			asset, err := c.GetAsset(ctx, id)
			if err != nil {
				return nil, err
			}
			failed := &AssetFailedError{AssetID: id.String(), Code: "failed", Message: event.EventType}
			if asset.Failure != nil {
				failed.Code = string(asset.Failure.Code)
				if asset.Failure.Message != nil {
					failed.Message = *asset.Failure.Message
				}
			}
			return nil, failed
		}
	}
}
